import pg from "pg";

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  accept?: (status: number) => boolean;
  /** Stops waiting early, e.g. when the process being waited for has exited for good. */
  isAborted?: () => boolean;
}

/**
 * Polls a health URL until it answers: an http(s):// one with an accepted status, a
 * postgresql:// one by taking a connection and answering `SELECT 1` (a server that is still
 * starting or recovering refuses connections). Rejects after `timeoutMs` with the last answer.
 */
export async function waitForHealthy(url: string, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 60_000, intervalMs = 250, accept = (s: number) => s >= 200 && s < 300, isAborted = () => false } = options;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (isAborted()) throw new Error(`gave up waiting for ${url}: the process exited`);
    const probe = await probeHealth(url, 2_000, accept);
    if (probe.ok) return;
    last = probe.detail;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not healthy after ${Math.round(timeoutMs / 1000)}s (last: ${last})`);
}

/** One health probe of `url` (see waitForHealthy), never throwing. */
export async function probeHealth(
  url: string,
  timeoutMs: number,
  accept = (s: number) => s >= 200 && s < 300,
): Promise<{ ok: boolean; detail: string }> {
  if (/^postgres(ql)?:/.test(url)) return probePostgres(url, timeoutMs);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { ok: accept(res.status), detail: `status ${res.status}` };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

async function probePostgres(url: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection the server ends (it is shutting down) must not become an unhandled 'error'.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { ok: true, detail: "answered SELECT 1" };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}
