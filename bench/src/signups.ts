import { performance } from "node:perf_hooks";
import { type RunStats, summarize } from "./stats.js";

/** A strong password: identity refuses guessable ones. */
const PASSWORD = "orbit violet tram pickle 42";

/**
 * `count` people signing up at the same moment, each on a connection of its own (every
 * sign-up costs an argon2id hash, so a burst queues in identity past daprd's invoke timeout and
 * daprd resends some). `accepted`: answered 201. `errors`: anything else; a 409 EMAIL_TAKEN
 * here is a person refused their own first sign-up because a resend was not recognised.
 */
export async function signUpBurst(
  gatewayUrl: string,
  count: number,
  runTag: string,
): Promise<RunStats & { statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t0 = performance.now();
      let status = "no answer";
      try {
        const res = await fetch(`${gatewayUrl}/api/auth/sign-up`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: `burst-${i}.${runTag}@bench.local`, password: PASSWORD, displayName: `burst ${i}` }),
        });
        await res.arrayBuffer();
        status = String(res.status);
      } finally {
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const accepted = statuses["201"] ?? 0;
  return { ...summarize(latencies, accepted, count - accepted, (performance.now() - started) / 1000), statuses };
}
