/**
 * payments on the real mesh: a person's sandbox wallet through the gateway (top-ups, balance,
 * statement), idempotent top-ups, the refusals, the settlement saga (Dapr Workflow) from a
 * won auction to a paid one, access control, and the ledger's own guarantees in its
 * PostgreSQL database (append-only, balanced entries).
 */
import { randomUUID } from "node:crypto";
import {
  AppIds,
  AuctionsRoutes,
  Components,
  MAX_TOP_UP,
  MeshHeaders,
  PaymentsRoutes,
  type Settlement,
  type StatementPage,
  Topics,
  type TopUpResult,
  type WalletBalance,
} from "@auction-mesh/contracts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshProcesses, meshTokens, REPO, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 16_000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

/** A buyer short of funds has this long to pay (48 h in production). */
const PAYMENT_WINDOW_SECONDS = 10;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(
    testManifest(SHIFT, { payments: { PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS) } }),
  ));
});

afterAll(async () => {
  await stopRunner(runner);
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function topUp(person: string, amount: unknown, key: string | undefined = `top-up-${unique()}`) {
  return json<TopUpResult & { code?: string }>(`${gateway.url}/api/wallet/top-ups`, {
    method: "POST",
    body: JSON.stringify({ amount }),
    headers: {
      authorization: `Bearer ${await gateway.token(person)}`,
      ...(key === undefined ? {} : { [MeshHeaders.idempotencyKey]: key }),
    },
  });
}

const balance = async (person: string) => gateway.get<WalletBalance>("/api/wallet", await gateway.token(person));
const statement = async (person: string, query = "") =>
  gateway.get<StatementPage>(`/api/wallet/statement${query}`, await gateway.token(person));

describe("a sandbox wallet through the gateway", () => {
  it("tops up, and the balance and statement show the money", async () => {
    const added = await topUp("wallet-ann", 5_000);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ amount: 5_000, processor: "sandbox", balance: { available: 5_000, held: 0, sellerPayable: 0 } });
    await topUp("wallet-ann", 2_500);
    expect((await balance("wallet-ann")).body).toMatchObject({ available: 7_500, held: 0 });
    const lines = (await statement("wallet-ann")).body.lines;
    expect(lines.map((l) => [l.kind, l.account, l.amount, l.balanceAfter])).toEqual([
      ["top-up", "available", 2_500, 7_500],
      ["top-up", "available", 5_000, 5_000],
    ]);
    expect(lines[0]?.description).toMatch(/sandbox/);
  });

  it("charges a repeated top-up once, and refuses the same key for another amount", async () => {
    const key = `repeat-${unique()}`;
    const first = await topUp("wallet-bob", 1_000, key);
    const again = await topUp("wallet-bob", 1_000, key);
    expect(again.status).toBe(201);
    expect(again.body.entryId).toBe(first.body.entryId);
    expect(again.body.balance.available).toBe(1_000);
    const other = await topUp("wallet-bob", 9_000, key);
    expect(other).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect((await balance("wallet-bob")).body.available).toBe(1_000);
  });

  it("counts every one of many top-ups made at once, with a running balance that never skips", async () => {
    const amounts = Array.from({ length: 20 }, (_, i) => 100 + i);
    const answers = await Promise.all(amounts.map((a) => topUp("wallet-cy", a)));
    expect(answers.map((a) => a.status)).toEqual(amounts.map(() => 201));
    const total = amounts.reduce((s, a) => s + a, 0);
    expect((await balance("wallet-cy")).body.available).toBe(total);
    const lines = (await statement("wallet-cy", "?limit=200")).body.lines.reverse();
    let running = 0;
    for (const line of lines) {
      running += line.amount;
      expect(line.balanceAfter).toBe(running);
    }
    expect(running).toBe(total);
  });

  it("pages the statement newest first", async () => {
    for (const amount of [1, 2, 3]) await topUp("wallet-dee", amount);
    const first = await statement("wallet-dee", "?limit=2");
    expect(first.body.lines.map((l) => l.amount)).toEqual([3, 2]);
    const second = await statement("wallet-dee", `?limit=2&before=${first.body.nextBefore}`);
    expect(second.body).toMatchObject({ lines: [{ amount: 1 }], nextBefore: null });
  });

  it("shows each person only their own wallet", async () => {
    await topUp("wallet-eve", 4_200);
    expect((await balance("wallet-fay")).body).toMatchObject({ available: 0, held: 0 });
    expect((await statement("wallet-fay")).body.lines).toEqual([]);
  });

  it("answers bad input with a 4xx and a code, and moves no money", async () => {
    for (const amount of [0, -5, 1.5, MAX_TOP_UP + 1, "100", null]) {
      expect(await topUp("wallet-gus", amount)).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    }
    expect(await topUp("wallet-gus", 100, "short")).toMatchObject({ status: 400, body: { code: "INVALID_IDEMPOTENCY_KEY" } });
    const extra = await json(`${gateway.url}/api/wallet/top-ups`, {
      method: "POST",
      body: JSON.stringify({ amount: 100, ownerId: "someone-else" }),
      headers: { authorization: `Bearer ${await gateway.token("wallet-gus")}` },
    });
    expect(extra).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(await json(`${gateway.url}/api/wallet`)).toMatchObject({ status: 401 });
    expect(await json(`${gateway.url}/api/wallet/statement?limit=0`)).toMatchObject({ status: 400 });
    expect((await balance("wallet-gus")).body.available).toBe(0);
  });
});

const settlement = async (auctionId: string, as: string) =>
  gateway.get<Settlement & { code?: string }>(`/api/auctions/${auctionId}/settlement`, await gateway.token(as));

/** Waits until the auction's settlement reaches `status` (its buyer asks). */
async function settled(auctionId: string, buyer: string, status: Settlement["status"], timeoutMs = 30_000): Promise<Settlement> {
  let last: unknown;
  await until(
    `settlement of ${auctionId} to be ${status} (last: ${JSON.stringify(last)})`,
    async () => {
      const res = await settlement(auctionId, buyer);
      last = res.body;
      return res.status === 200 && res.body.status === status;
    },
    timeoutMs,
    200,
  );
  return last as Settlement;
}

/** How many auction.results messages payments' sidecar has delivered to payments (its metrics). */
async function resultsDelivered(): Promise<number> {
  const manifest = loadManifest(REPO, { file: mesh.manifestFile });
  const metrics = replicaPorts(manifest.services.payments?.portBase as number, 0).daprMetrics;
  const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("dapr_component_pubsub_ingress_count{") && l.includes(`topic="${Topics.auctionResults}"`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

/** A seller's auction that `buyer` wins at `price` (one bid), closed a few seconds from now. */
async function wonAuction(seller: string, buyer: string, price: number): Promise<string> {
  const id = await gateway.openAuction(7, { startingPrice: price }, seller);
  expect((await gateway.bid(id, buyer, price)).body).toMatchObject({ accepted: true });
  await until(`auction ${id} to close`, async () => (await gateway.listing(id)).body.status !== "live", 30_000, 200);
  return id;
}

describe("settling a won auction (the saga)", () => {
  // The first three have people and auctions of their own and mostly wait (closes, the payment
  // window): side by side. The two after them kill processes or redeliver: alone.
  it.concurrent("holds the price plus the buyer's premium, marks the listing sold and credits the seller less the fee", async () => {
    await topUp("saga-buyer-1", 20_000);
    const id = await wonAuction("seller-saga-1", "saga-buyer-1", 10_000);
    const done = await settled(id, "saga-buyer-1", "completed");
    // Premium 10 % and fee 5 % (auction-mesh.yaml): the buyer pays 11,000, the seller gets 9,500.
    expect(done).toMatchObject({ hammerPrice: 10_000, buyersPremium: 1_000, total: 11_000, platformFee: 500, sellerProceeds: 9_500 });
    expect((await balance("saga-buyer-1")).body).toMatchObject({ available: 9_000, held: 0 });
    expect((await balance("seller-saga-1")).body).toMatchObject({ sellerPayable: 9_500 });
    expect((await gateway.listing(id)).body).toMatchObject({
      status: "sold",
      winnerId: await gateway.userId("saga-buyer-1"),
      finalPrice: 10_000,
    });
    const kinds = (await statement("saga-buyer-1")).body.lines.map((l) => [l.kind, l.account, l.amount]);
    expect(kinds).toEqual([
      ["capture", "held", -11_000],
      ["hold", "held", 11_000],
      ["hold", "available", -11_000],
      ["top-up", "available", 20_000],
    ]);
    // The seller sees it too; anyone else does not.
    expect((await settlement(id, "seller-saga-1")).body.status).toBe("completed");
    expect(await settlement(id, "saga-stranger")).toMatchObject({ status: 404, body: { code: "SETTLEMENT_NOT_FOUND" } });
  });

  it.concurrent("waits for a buyer short of funds, and completes once they top up before the deadline", async () => {
    const id = await wonAuction("seller-saga-2", "saga-buyer-2", 5_000);
    const due = await settled(id, "saga-buyer-2", "awaiting-payment");
    expect(Date.parse(due.paymentDueBy as string)).toBeGreaterThan(Date.now());
    await topUp("saga-buyer-2", 5_500);
    await settled(id, "saga-buyer-2", "completed");
    expect((await balance("saga-buyer-2")).body).toMatchObject({ available: 0, held: 0 });
    expect((await gateway.listing(id)).body.status).toBe("sold");
  });

  it.concurrent("gives up when nobody pays by the deadline: the listing is unsold and no money moved", async () => {
    await topUp("saga-buyer-3", 100);
    const id = await wonAuction("seller-saga-3", "saga-buyer-3", 7_000);
    const failed = await settled(id, "saga-buyer-3", "failed", (PAYMENT_WINDOW_SECONDS + 30) * 1000);
    expect(failed.failure).toMatch(/did not pay/);
    expect((await gateway.listing(id)).body.status).toBe("unsold");
    expect((await balance("saga-buyer-3")).body).toMatchObject({ available: 100, held: 0 });
    expect((await balance("seller-saga-3")).body.sellerPayable).toBe(0);
  });

  it("resumes after payments and its sidecar are SIGKILLed mid-saga, and charges once", async () => {
    const id = await wonAuction("seller-saga-5", "saga-buyer-5", 4_000);
    // The saga waits for funds (a durable timer and an external event in daprd's engine)...
    await settled(id, "saga-buyer-5", "awaiting-payment");
    // ...when payments and its daprd die together; the runner restarts both.
    const victims = (await meshProcesses(mesh)).filter((p) => p.name === "payments" || p.name === "payments-dapr");
    expect(victims).toHaveLength(2);
    for (const v of victims) process.kill(v.pid, "SIGKILL");
    await until(
      "payments and its sidecar to be back",
      async () => {
        const now = await meshProcesses(mesh);
        return victims.every((v) => now.some((p) => p.name === v.name && p.pid !== v.pid && p.healthy));
      },
      60_000,
      250,
    );
    // The top-up's funds-added reaches the resumed instance; it completes exactly once.
    await topUp("saga-buyer-5", 4_400);
    await settled(id, "saga-buyer-5", "completed", 60_000);
    expect((await balance("saga-buyer-5")).body).toMatchObject({ available: 0, held: 0 });
    expect((await balance("seller-saga-5")).body.sellerPayable).toBe(3_800);
    const kinds = (await statement("saga-buyer-5")).body.lines.map((l) => l.kind);
    expect(kinds.filter((k) => k === "capture")).toHaveLength(1);
    expect(kinds.filter((k) => k === "hold")).toHaveLength(2); // one entry: available -> held
  });

  it("starts one saga and charges once when the close is delivered again", async () => {
    await topUp("saga-buyer-4", 3_000);
    const id = await wonAuction("seller-saga-4", "saga-buyer-4", 2_000);
    await settled(id, "saga-buyer-4", "completed");
    const closed = (await gateway.events(id)).find((e) => e.type === "auction-closed");
    expect(closed).toBeDefined();
    // bidding's sidecar publishes the same result again, as a broker redelivery or a retried outbox would.
    const deliveredBefore = await resultsDelivered();
    const manifest = loadManifest(REPO, { file: mesh.manifestFile });
    const biddingSidecar = replicaPorts(manifest.services.bidding?.portBase as number, 0).daprHttp;
    const republished = await fetch(`http://127.0.0.1:${biddingSidecar}/v1.0/publish/${Components.pubsub}/${Topics.auctionResults}`, {
      method: "POST",
      headers: { "content-type": "application/json", "dapr-api-token": meshTokens(mesh.stateDir).dapr },
      body: JSON.stringify({ auctionId: id, ...closed }),
    });
    expect(republished.status).toBe(204);
    // Wait until payments' sidecar has handed the repeat to payments and heard its answer.
    await until(`payments to take the repeated close`, async () => (await resultsDelivered()) > deliveredBefore, 15_000, 100);
    expect((await balance("saga-buyer-4")).body).toMatchObject({ available: 800, held: 0 });
    expect((await balance("seller-saga-4")).body.sellerPayable).toBe(1_900);
    expect((await statement("saga-buyer-4")).body.lines.filter((l) => l.kind === "capture")).toHaveLength(1);
  });
});

/** Service invocation through `from`'s sidecar, as that app would call `target`. */
async function invokeThrough(from: string, target: string, route: string, body: unknown, headers: Record<string, string> = {}) {
  const manifest = loadManifest(REPO, { file: mesh.manifestFile });
  const sidecar = replicaPorts(manifest.services[from]?.portBase as number, 0).daprHttp;
  return json<{ errorCode?: string }>(`http://127.0.0.1:${sidecar}/v1.0/invoke/${target}/method/${route}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "dapr-api-token": meshTokens(mesh.stateDir).dapr, ...headers },
  });
}

describe("payments behind access control", () => {
  it("answers the gateway only: another app's sidecar is refused", async () => {
    const res = await invokeThrough(
      AppIds.bidding,
      AppIds.payments,
      PaymentsRoutes.balance,
      {},
      {
        authorization: `Bearer ${await gateway.token("wallet-ann")}`,
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe("ERR_DIRECT_INVOKE");
  });

  it("lets only payments record a sale's outcome in the catalogue", async () => {
    const res = await invokeThrough(AppIds.gateway, AppIds.auctions, AuctionsRoutes.settle, {
      auctionId: "any-auction",
      outcome: "unsold",
      reason: "forged",
    });
    expect(res.status).toBe(403);
  });
});

describe("the ledger's database", () => {
  const paymentsDb = () => mesh.databases.find((url) => url.includes("auction_payments")) as string;

  it("refuses to change or remove a posting, and refuses an entry that does not balance", async () => {
    await topUp("wallet-hal", 300);
    const client = new pg.Client({ connectionString: paymentsDb() });
    await client.connect();
    try {
      await expect(client.query("UPDATE postings SET amount = amount + 1")).rejects.toThrow(/append-only/);
      await expect(client.query("DELETE FROM postings")).rejects.toThrow(/append-only/);
      await client.query("BEGIN");
      await client.query("INSERT INTO ledger_accounts (id) VALUES ('test:a') ON CONFLICT DO NOTHING");
      const entryId = randomUUID();
      await client.query("INSERT INTO journal_entries (id, kind, reference, description) VALUES ($1, 'top-up', $2, 'x')", [
        entryId,
        `bad-${unique()}`,
      ]);
      await client.query("INSERT INTO postings (entry_id, account_id, amount, balance_after) VALUES ($1, 'test:a', 5, 5)", [entryId]);
      await expect(client.query("COMMIT")).rejects.toThrow(/does not balance/);
    } finally {
      await client.end();
    }
    expect((await balance("wallet-hal")).body.available).toBe(300);
  });
});
