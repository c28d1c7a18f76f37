/**
 * Admission for CPU-bound password hashing (argon2id). A burst of sign-ups queues hashes far
 * longer than the caller waits (daprd's invoke timeout): work done for a caller that has given
 * up is wasted, and daprd resends it on top. So a hash is admitted only while the queue ahead of
 * it, at the measured hash time, lets it finish within `maxWaitMs`; otherwise the caller is told
 * at once to come back later (Overloaded, with the seconds the queue ahead needs to drain).
 *
 * No Express, no Dapr: the routes map Overloaded to 503 OVERLOADED with Retry-After.
 */
export class Overloaded extends Error {
  constructor(
    /** Whole seconds the queue ahead needs to drain (at least 1): the Retry-After to send. */
    readonly retryAfterSeconds: number,
    /** When a hash admitted now would have finished, in ms. */
    readonly estimatedWaitMs: number,
  ) {
    super(`password hashing is saturated: a hash now would finish in ~${Math.round(estimatedWaitMs)} ms`);
    this.name = "Overloaded";
  }
}

export interface HashQueueOptions {
  /** The longest a caller may wait for its hash, queue included (keep it under the caller's timeout). */
  maxWaitMs: number;
  /** Hashes run at once (the cores hashing may use); the rest wait in order. */
  concurrency: number;
  /** The hash time assumed until one is measured (e.g. a hash timed at start). */
  initialEstimateMs: number;
  /** Weight of each new measurement in the moving average of hash time, in (0, 1]. */
  smoothing?: number;
  /** Milliseconds clock (tests pass a fake one). */
  now?: () => number;
}

export class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private averageMs: number;
  private readonly smoothing: number;
  private readonly now: () => number;

  constructor(private readonly options: HashQueueOptions) {
    if (!(options.concurrency >= 1)) throw new Error("concurrency must be at least 1");
    this.averageMs = options.initialEstimateMs;
    this.smoothing = options.smoothing ?? 0.2;
    this.now = options.now ?? (() => performance.now());
  }

  /** When a hash asked for now would finish: whole rounds of `concurrency` hashes ahead of it, then its own. */
  estimatedWaitMs(): number {
    const ahead = this.running + this.waiting.length;
    return Math.ceil((ahead + 1) / this.options.concurrency) * this.averageMs;
  }

  /**
   * Throws Overloaded when a hash asked for now would finish too late. `run` checks this too;
   * a request calls it first as well, to be refused before any other work (password strength,
   * database look-ups) when the answer is no anyway.
   */
  admit(): void {
    const estimate = this.estimatedWaitMs();
    // An empty queue always admits: refusing the only request would never measure a faster
    // hash again (a slow start-up hash would otherwise refuse everyone for good).
    const idle = this.running + this.waiting.length === 0;
    if (!idle && estimate > this.options.maxWaitMs) {
      const drainMs = Math.ceil((this.running + this.waiting.length) / this.options.concurrency) * this.averageMs;
      throw new Overloaded(Math.max(1, Math.ceil(drainMs / 1000)), estimate);
    }
  }

  /** Runs `task` (one hash) when a slot is free, or throws Overloaded at once when it would finish too late. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    this.admit();
    await this.acquire();
    const started = this.now();
    try {
      return await task();
    } finally {
      this.averageMs += this.smoothing * (this.now() - started - this.averageMs);
      this.release();
    }
  }

  /** What the queue holds now, for logs and tests. */
  load(): { running: number; waiting: number; averageMs: number } {
    return { running: this.running, waiting: this.waiting.length, averageMs: this.averageMs };
  }

  private async acquire(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return;
    }
    // release() hands its slot over: `running` stays counted, so nobody overtakes the queue.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
