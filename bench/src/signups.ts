import { performance } from "node:perf_hooks";
import { percentile, type RunStats, summarize } from "./stats.js";

/** A strong password: identity refuses guessable ones. */
const PASSWORD = "orbit violet tram pickle 42";

export interface SignUpBurst extends RunStats {
  /** Answers by status; a 503 is split by whether it carried Retry-After and code OVERLOADED. */
  statuses: Record<string, number>;
  /** 503 OVERLOADED with Retry-After: identity shed the sign-up, the person is told when to retry. */
  shed: number;
  /** Any other 5xx (or no answer): the failures shedding is there to prevent. */
  failures: number;
  /** p99 latency of the shed answers (ms): shedding is only useful when it is quick. */
  shedP99: number;
}

/**
 * `count` people signing up at the same moment, each on a connection of its own (every
 * sign-up costs an argon2id hash, so a burst queues in identity; past what it can hash within
 * daprd's invoke timeout it sheds with 503 OVERLOADED + Retry-After). `accepted`: answered 201.
 * `shed`: 503 OVERLOADED with Retry-After. `errors`: anything else; a 409 EMAIL_TAKEN here is a person refused their own first sign-up
 * because a resend was not recognised.
 */
export async function signUpBurst(gatewayUrl: string, count: number, runTag: string): Promise<SignUpBurst> {
  const latencies: number[] = [];
  const shedLatencies: number[] = [];
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
        const body = (await res.json().catch(() => undefined)) as { code?: unknown } | undefined;
        status = String(res.status);
        if (res.status === 503) {
          const shed = body?.code === "OVERLOADED" && /^\d+$/.test(res.headers.get("retry-after") ?? "");
          status = shed ? "503 OVERLOADED + Retry-After" : "503 other";
          if (shed) shedLatencies.push(performance.now() - t0);
        }
      } finally {
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const accepted = statuses["201"] ?? 0;
  const shed = shedLatencies.length;
  const failures = Object.entries(statuses)
    .filter(([s]) => s === "no answer" || s === "503 other" || (s.startsWith("5") && !s.startsWith("503 OVERLOADED")))
    .reduce((n, [, c]) => n + c, 0);
  const shedP99 = shed
    ? percentile(
        shedLatencies.sort((a, b) => a - b),
        99,
      )
    : 0;
  // A shed sign-up is an answer (come back in N s), not a failure: `errors` counts the rest.
  return {
    ...summarize(latencies, accepted, count - accepted - shed, (performance.now() - started) / 1000),
    statuses,
    shed,
    failures,
    shedP99,
  };
}
