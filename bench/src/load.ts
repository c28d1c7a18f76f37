import { performance } from "node:perf_hooks";
import { type RunStats, summarize } from "./stats.js";

export type Send = (worker: number, n: number) => Promise<{ accepted: boolean }>;

/**
 * Closed loop: `concurrency` workers each send their next request as soon as the previous
 * one is answered, for `durationMs`. Measures the most the target sustains.
 */
export async function closedLoop(concurrency: number, durationMs: number, send: Send): Promise<RunStats> {
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          if ((await send(worker, n)).accepted) accepted++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, accepted, errors, (performance.now() - started) / 1000);
}

/**
 * Open loop: requests start at a fixed rate whatever the answers do, as real users would,
 * so latency includes any queueing the target builds up.
 */
export async function openLoop(ratePerSecond: number, durationMs: number, send: Send): Promise<RunStats> {
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inFlight.push(
      send(n % 1024, n).then(
        (r) => {
          if (r.accepted) accepted++;
          latencies.push(performance.now() - t0);
        },
        () => {
          errors++;
          latencies.push(performance.now() - t0);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return summarize(latencies, accepted, errors, (performance.now() - started) / 1000);
}
