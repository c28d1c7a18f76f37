/**
 * A Socket.IO watcher as a careful client would write it: it applies each auction's events in
 * sequence order, drops repeats, and when it sees a gap (or reconnects) joins again with the
 * last sequence it applied (`auction:join {auctionId, lastSequence}`), so the gateway answers
 * with exactly what it missed. The chaos test and the chaos bench scenario watch with it.
 */
import { type AuctionEvent, type JoinAnswer, LiveMessages } from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";

export class LiveWatcher {
  readonly socket: Socket;
  /** Each auction's events as applied: ascending, no repeats, no gaps. */
  readonly applied = new Map<string, AuctionEvent[]>();
  /** When each `auctionId:sequence` was first received (applied or not), ms since the epoch. */
  readonly received = new Map<string, number>();
  /** When each `auctionId:sequence` was applied. */
  readonly appliedAt = new Map<string, number>();
  /** What the watcher could not repair: a join answer that skipped events, a failed join. */
  readonly problems: string[] = [];
  reconnects = 0;
  private readonly auctions = new Set<string>();
  private readonly joining = new Set<string>();
  /** The highest sequence received per auction, applied or not. */
  private readonly highest = new Map<string, number>();
  private connectedOnce = false;

  constructor(
    readonly name: string,
    url: string,
  ) {
    this.socket = io(url, { transports: ["websocket"], reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    this.socket.on(LiveMessages.events, (frame: AuctionEvent[]) => {
      for (const event of frame) this.receive(event, true);
    });
    this.socket.on("connect", () => {
      if (this.connectedOnce) this.reconnects++;
      this.connectedOnce = true;
      for (const id of this.auctions) void this.join(id);
    });
  }

  connected(): Promise<void> {
    return this.socket.connected ? Promise.resolve() : new Promise((r) => this.socket.once("connect", () => r()));
  }

  last(auctionId: string): number {
    return this.applied.get(auctionId)?.at(-1)?.sequence ?? 0;
  }

  events(auctionId: string): AuctionEvent[] {
    return this.applied.get(auctionId) ?? [];
  }

  /** Watches an auction from its start (joined before its first event). */
  async watch(auctionId: string): Promise<void> {
    this.auctions.add(auctionId);
    await this.join(auctionId);
  }

  /** Joins again from the last applied sequence (what a client does after a gap or a reconnect). */
  async join(auctionId: string): Promise<void> {
    if (this.joining.has(auctionId) || !this.socket.connected) return;
    this.joining.add(auctionId);
    const lastSequence = this.last(auctionId);
    try {
      const answer = (await this.socket.timeout(10_000).emitWithAck("auction:join", { auctionId, lastSequence })) as JoinAnswer;
      if (answer.kind === "error") {
        this.problems.push(`join ${auctionId} after ${lastSequence}: ${answer.code} ${answer.message}`);
        return;
      }
      if (answer.kind === "snapshot" && answer.snapshot.sequence > this.last(auctionId)) {
        // A snapshot newer than what we applied: the events in between are not in the answer.
        this.problems.push(
          `join ${auctionId} after ${lastSequence}: snapshot at ${answer.snapshot.sequence} without events ${this.last(auctionId) + 1}..${answer.snapshot.sequence}`,
        );
      }
      for (const event of answer.events) this.receive(event, false);
      const first = answer.events[0];
      if (answer.kind === "events" && first && first.sequence > lastSequence + 1) {
        this.problems.push(`join ${auctionId} after ${lastSequence}: answer "events" starts at ${first.sequence}`);
      }
    } catch (err) {
      this.problems.push(`join ${auctionId} after ${lastSequence}: ${(err as Error).message}`);
    } finally {
      this.joining.delete(auctionId);
    }
    // Events that arrived while the answer was on its way and could not be applied yet.
    if (this.last(auctionId) > lastSequence && (this.highest.get(auctionId) ?? 0) > this.last(auctionId)) await this.join(auctionId);
  }

  private receive(event: AuctionEvent, live: boolean): void {
    const key = `${event.auctionId}:${event.sequence}`;
    if (!this.received.has(key)) this.received.set(key, Date.now());
    this.highest.set(event.auctionId, Math.max(event.sequence, this.highest.get(event.auctionId) ?? 0));
    const last = this.last(event.auctionId);
    if (event.sequence <= last) return; // a repeat
    if (event.sequence > last + 1) {
      // A gap: ask for what was missed (the join answer carries this event too).
      if (live) void this.join(event.auctionId);
      return;
    }
    const list = this.applied.get(event.auctionId) ?? [];
    list.push(event);
    this.applied.set(event.auctionId, list);
    this.appliedAt.set(key, Date.now());
  }

  close(): void {
    this.socket.close();
  }
}
