/** Polls `url` until it answers with an accepted status, or rejects after `timeoutMs`. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  accept?: (status: number) => boolean;
  /** Stops waiting early, e.g. when the process being waited for has exited for good. */
  isAborted?: () => boolean;
}

export async function waitForHttp(url: string, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 60_000, intervalMs = 250, accept = (s: number) => s >= 200 && s < 300, isAborted = () => false } = options;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (isAborted()) throw new Error(`gave up waiting for ${url}: the process exited`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (accept(res.status)) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not healthy after ${Math.round(timeoutMs / 1000)}s (last: ${last})`);
}
