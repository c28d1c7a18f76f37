/**
 * Coalesces each room's events into frames: at most one frame per room every `intervalMs`,
 * events kept in order. A quiet room's first event goes out at once (next tick); under a burst
 * the rest wait for the interval and leave together, so 1,000 bids/s in one auction cost its
 * 5,000 watchers ~20 frames/s each instead of ~2,000. Pure: no Socket.IO, timers injected.
 */
export interface Clock {
  now(): number;
  later(ms: number, run: () => void): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  later: (ms, run) => {
    setTimeout(run, ms).unref();
  },
};

export class FrameCoalescer<E> {
  private readonly pending = new Map<string, E[]>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (room: string, frame: E[]) => void,
    private readonly clock: Clock = realClock,
  ) {}

  push(room: string, events: E[]): void {
    const waiting = this.pending.get(room);
    if (waiting) {
      waiting.push(...events);
      return;
    }
    this.pending.set(room, [...events]);
    const since = this.clock.now() - (this.lastSent.get(room) ?? Number.NEGATIVE_INFINITY);
    this.clock.later(Math.max(0, this.intervalMs - since), () => this.flush(room));
  }

  private flush(room: string): void {
    const frame = this.pending.get(room);
    this.pending.delete(room);
    if (!frame || frame.length === 0) return;
    this.lastSent.set(room, this.clock.now());
    this.send(room, frame);
  }

  /** Forgets rooms that sent nothing for a while (called now and then; keeps memory flat). */
  forgetIdle(olderThanMs: number): void {
    const cutoff = this.clock.now() - olderThanMs;
    for (const [room, at] of this.lastSent) if (at < cutoff && !this.pending.has(room)) this.lastSent.delete(room);
  }
}
