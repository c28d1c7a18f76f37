/**
 * Resiliency is declared in dapr/resiliency (timeouts, retries, circuit breakers), not coded in
 * services. These tests make the policies act on the real mesh: a call to an app that is
 * restarting (twice) is retried by the caller's sidecar and succeeds; users' 4xx answers never open a
 * breaker (they did, before app targets lost theirs: see dapr/resiliency); the broker killed in
 * the middle of a bid storm and restarted loses no accepted bid's event (the actor's outbox keeps
 * what could not be published; the publish breaker opens while the broker is gone and closes
 * once it is back).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { meshProcesses, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(13000)));
});

afterAll(async () => {
  await stopRunner(runner);
});

const processes = () => meshProcesses(mesh);

async function identityProcess() {
  return (await processes()).find((p) => p.name === "identity") as { pid: number; healthy: boolean; restarts: number };
}

/** Every sidecar's log lines about circuit breakers on `target`, in order. */
function breakerLog(target: string): string[] {
  const dir = join(mesh.stateDir, "logs");
  return readdirSync(dir)
    .filter((f) => f.endsWith("-dapr.log"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n"))
    .filter((l) => l.includes("Circuit breaker") && l.includes(target));
}

const login = () => gateway.post("/api/auth/login", { email: "nobody@example.com", password: "not the password" });

it("retries a call to an app that is restarting, even twice in a row, and the user's request succeeds", { timeout: 60_000 }, async () => {
  const before = await identityProcess();
  process.kill(before.pid, "SIGKILL");
  // Its first restart crashes too (killed as soon as the runner has started it): identity is
  // away for ~4 s (1 s + 2 s of the runner's backoff, then its start), longer than three
  // retries (~2.4 s) spanned; the gateway's sidecar keeps retrying (dapr/resiliency, appCalls).
  const crashAgain = until(
    "identity's first restart",
    async () => {
      const now = await identityProcess();
      if (now.pid === before.pid || now.restarts < 1) return undefined;
      process.kill(now.pid, "SIGKILL");
      return now.pid;
    },
    15_000,
    25,
  );
  const answer = await login();
  await crashAgain;
  expect(answer).toMatchObject({ status: 401, body: { code: "INVALID_CREDENTIALS" } });
  expect((await identityProcess()).restarts).toBeGreaterThanOrEqual(2);
});

it("never lets users' own mistakes (4xx answers) open a breaker", { timeout: 60_000 }, async () => {
  await until("identity healthy", async () => (await identityProcess()).healthy, 30_000);
  for (let i = 0; i < 8; i++) expect((await login()).status).toBe(401);
  expect(await gateway.post("/api/auth/login", { email: "nobody@example.com", password: "x" })).toMatchObject({ status: 401 });
  expect(breakerLog("identity")).toEqual([]);
});

/** Retries a bid (same key) through 5xx answers until bidding answers it. */
async function bidUntilAnswered(id: string, bidder: string, amount: number, key: string) {
  return until(
    `an answer to ${key}`,
    async () => {
      const res = await gateway.bid(id, bidder, amount, key);
      return res.status < 500 ? (res.body as { accepted: boolean }) : undefined;
    },
    90_000,
    200,
  );
}

it("loses no accepted bid's event when the broker is killed mid-storm and restarted", { timeout: 300_000 }, async () => {
  const id = await gateway.openAuction();
  const nats = (await processes()).find((p) => p.name === "nats") as { pid: number };
  const bidders = Array.from({ length: 8 }, (_, i) => `storm-${i}`);
  const answered: { bidder: string; amount: number; accepted: boolean }[] = [];
  let round = 0;
  /** One bid from every bidder at once, each retried (same key) until answered. */
  const stormRound = async () => {
    const r = round++;
    await Promise.all(
      bidders.map(async (bidder, i) => {
        const amount = 1000 + (r * bidders.length + i) * 100;
        const answer = await bidUntilAnswered(id, bidder, amount, `nats-${bidder}-${amount}`);
        answered.push({ bidder, amount, accepted: answer.accepted });
      }),
    );
  };
  for (let r = 0; r < 5; r++) await stormRound();
  // The broker hangs: publishes time out, the outbox keeps the events; bidding goes on until
  // the publish breaker opens (daprd logs it)...
  process.kill(nats.pid, "SIGSTOP");
  try {
    await until(
      "the publish breaker to open",
      async () => {
        await stormRound();
        return breakerLog("pubsub").some((l) => /changed state from closed to open/.test(l));
      },
      180_000,
      0,
    );
    await stormRound();
  } finally {
    // ...then it dies, and the runner restarts it.
    process.kill(nats.pid, "SIGKILL");
  }
  await until(
    "the runner to restart the broker",
    async () => (await processes()).find((p) => p.name === "nats" && p.restarts >= 1 && p.healthy),
    60_000,
  );
  for (let r = 0; r < 5; r++) await stormRound();

  const accepted = answered.filter((a) => a.accepted);
  expect(accepted.length).toBeGreaterThan(0);
  const snapshot = (await gateway.snapshot(id)).body as { sequence: number };
  // The outbox drains on the actor's reminder (every 10 s) once the broker is back.
  const events = await until(
    "every event at the gateway",
    async () => {
      const e = await gateway.events(id);
      return e.length >= snapshot.sequence ? e : undefined;
    },
    120_000,
    500,
  );
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  const placed = events.flatMap((e) => (e.type === "bid-placed" ? [`${e.bidderId}:${e.amount}`] : []));
  for (const a of accepted) expect(placed).toContain(`${await gateway.userId(a.bidder)}:${a.amount}`);
  expect(new Set(placed).size).toBe(placed.length);
  // The path under test really ran: publishes failed and the events waited in the outbox; the
  // breaker closes once the broker is back.
  expect(readFileSync(join(mesh.stateDir, "logs", "bidding.log"), "utf8")).toContain("publish failed; events kept in the outbox");
  await until(
    "the publish breaker to close",
    async () => breakerLog("pubsub").some((l) => /changed state from half-open to closed/.test(l)),
    60_000,
  );
});
