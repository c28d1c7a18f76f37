/**
 * payments on the real mesh: a person's sandbox wallet through the gateway (top-ups, balance,
 * statement), idempotent top-ups, the refusals, access control, and the ledger's own
 * guarantees in its PostgreSQL database (append-only, balanced entries).
 */
import { randomUUID } from "node:crypto";
import {
  AppIds,
  MAX_TOP_UP,
  MeshHeaders,
  PaymentsRoutes,
  type StatementPage,
  type TopUpResult,
  type WalletBalance,
} from "@auction-mesh/contracts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshTokens, REPO, type Running, type TestMesh, testManifest } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 16_000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT)));
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

describe("payments behind access control", () => {
  it("answers the gateway only: another app's sidecar is refused", async () => {
    const manifest = loadManifest(REPO, { file: mesh.manifestFile });
    const biddingSidecar = replicaPorts(manifest.services.bidding?.portBase as number, 0).daprHttp;
    const res = await json<{ errorCode?: string }>(
      `http://127.0.0.1:${biddingSidecar}/v1.0/invoke/${AppIds.payments}/method/${PaymentsRoutes.balance}`,
      {
        method: "POST",
        body: "{}",
        headers: { "dapr-api-token": meshTokens(mesh.stateDir).dapr, authorization: `Bearer ${await gateway.token("wallet-ann")}` },
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe("ERR_DIRECT_INVOKE");
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
