/**
 * When to shed load because the event loop lags: a request that arrives while the loop is
 * seconds behind waits that long before its handler even starts, and adding more only makes
 * every request later. Shedding answers it at once (503 + Retry-After) so the loop catches up.
 *
 * Plain logic, no Express or perf_hooks: a LagSource says how late the loop ran since its last
 * read (the real one is `eventLoopLag` in load-shedding.ts), `sample()` reads it once per
 * window, and `verdict()` answers from the last window. Recovery is the same rule: the first
 * window under the bound stops the shedding.
 */
export interface LagSource {
  /** The worst event-loop delay (ms) since the previous read. */
  read(): number;
}

export interface LagShedderOptions {
  /** Shed while the last window's worst delay exceeds this (ms); 0 switches shedding off. */
  maxDelayMs: number;
  lag: LagSource;
}

export type LagVerdict = { shed: false } | { shed: true; delayMs: number; retryAfterSeconds: number };

export class LagShedder {
  private delayMs = 0;

  constructor(private readonly options: LagShedderOptions) {}

  /** Reads the lag of the window that just ended. */
  sample(): void {
    this.delayMs = this.options.lag.read();
  }

  verdict(): LagVerdict {
    const { maxDelayMs } = this.options;
    if (maxDelayMs <= 0 || this.delayMs <= maxDelayMs) return { shed: false };
    // A loop this far behind needs about as long again to catch up: come back after that.
    return { shed: true, delayMs: this.delayMs, retryAfterSeconds: Math.max(1, Math.ceil(this.delayMs / 1000)) };
  }
}
