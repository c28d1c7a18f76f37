/**
 * A crash never loses an accepted bid: bidding is SIGKILLed in the middle of a bid storm,
 * the runner restarts it, clients retry (same idempotency key) until answered, and every bid
 * that was ever answered "accepted" is in the auction's event stream, exactly once, in order.
 */
import type { AuctionEvent, PlaceBidResult } from "@auction-mesh/contracts";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { meshProcesses, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(3000)));
});

afterAll(async () => {
  await stopRunner(runner);
});

/** Retries a bid (same key) through errors until bidding answers it. */
async function bidUntilAnswered(id: string, bidderId: string, amount: number, key: string): Promise<PlaceBidResult> {
  return until(
    `an answer to ${key}`,
    async () => {
      const res = await gateway.bid(id, bidderId, amount, key);
      return res.status < 500 ? (res.body as PlaceBidResult) : undefined;
    },
    90_000,
    200,
  );
}

it("loses no accepted bid when bidding is killed mid-storm", { timeout: 240_000 }, async () => {
  const id = await gateway.openAuction();
  const victim = (await meshProcesses(mesh)).find((p) => p.name === "bidding");

  const bidders = Array.from({ length: 10 }, (_, i) => `crash-${i}`);
  let killed = false;
  const answers = await Promise.all(
    bidders.map(async (bidder, i) => {
      const mine: { bidder: string; amount: number; result: PlaceBidResult }[] = [];
      for (let k = 0; k < 30; k++) {
        const amount = 1000 + (k * bidders.length + i) * 100;
        if (!killed && i === 0 && k === 10) {
          killed = true;
          process.kill(victim?.pid as number, "SIGKILL");
        }
        mine.push({ bidder, amount, result: await bidUntilAnswered(id, bidder, amount, `crash-${bidder}-${amount}`) });
      }
      return mine;
    }),
  );
  expect(killed).toBe(true);
  expect((await meshProcesses(mesh)).find((p) => p.name === "bidding")?.restarts).toBeGreaterThanOrEqual(1);

  const accepted = answers.flat().filter((a) => a.result.accepted);
  expect(accepted.length).toBeGreaterThan(0);
  const snapshot = (await gateway.snapshot(id)).body as { sequence: number };
  const events = await until(
    "every event at the gateway",
    async () => {
      const e = (await gateway.events(id)) as unknown as AuctionEvent[];
      return e.length === snapshot.sequence ? e : undefined;
    },
    60_000,
  );
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  const placed = events.flatMap((e) => (e.type === "bid-placed" ? [`${e.bidderId}:${e.amount}`] : []));
  for (const a of accepted) expect(placed).toContain(`${await gateway.userId(a.bidder)}:${a.amount}`);
  expect(new Set(placed).size).toBe(placed.length);
});
