import type { Logger } from "./logger.js";

export interface DrainLoopOptions {
  /** How often an idle loop looks anyway (another replica's writes do not wake this one). */
  idleMs?: number;
  /** The longest wait between attempts while draining fails. */
  maxBackoffMs?: number;
}

/**
 * Runs `drainOnce` over and over: at once again while it answers a full batch, after `idleMs`
 * when there was little or nothing, sooner when woken, and with growing backoff while it throws.
 * The loop behind each queue a service keeps in its database (outbox, mail).
 */
export class DrainLoop {
  private running = false;
  private wakeUp: (() => void) | undefined;
  /** Set by wake(): a commit during a drain may have queued what that drain did not see. */
  private woken = false;
  private loop: Promise<void> | undefined;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly name: string,
    /** Answers whether there may be more waiting right now (a full batch). */
    private readonly drainOnce: () => Promise<boolean>,
    private readonly logger: Logger,
    options: DrainLoopOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** After a commit that queued something: drain now instead of at the next look. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let more = false;
      this.woken = false;
      try {
        more = await this.drainOnce();
        failures = 0;
      } catch (err) {
        failures++;
        this.logger.warn({ err, failures, queue: this.name }, `${this.name}: draining failed; what waits is tried again`);
      }
      if (more || (this.woken && failures === 0)) continue;
      await this.pause(failures === 0 ? this.idleMs : Math.min(this.maxBackoffMs, 500 * 2 ** failures));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
