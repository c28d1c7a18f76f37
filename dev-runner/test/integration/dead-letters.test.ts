/**
 * The message hospital on the real mesh: every subscription dead-letters to its app's topic,
 * the catalogue keeps what lands there with the reason, and admins (over the gateway and with
 * the CLI) replay or discard it.
 *
 * Two poisons, published straight through bidding's sidecar (its publish API and the mesh's
 * Dapr API token), as a buggy or unlucky publisher would:
 * - an event that breaks the auction.events contract: both subscribers answer DROP, Dapr sends
 *   it to each one's dead-letter topic, and it can never be replayed (it would fail again);
 * - a valid bid-placed event the catalogue cannot store because its database is unreachable
 *   for longer than the inbound retry policy (10 × 1 s) lasts. The catalogue reaches its
 *   PostgreSQL through a TCP proxy this test owns, so the outage is real (connections refused
 *   and cut) and so is "the fix": the proxy comes back, the dead letter is stored, and a
 *   replay delivers the event once: one bid in the catalogue's history, and a second replay
 *   changes nothing.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import type { AuthSession, BidHistoryPage, DeadLetter, DeadLetterActionResult, DeadLetterList } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshTokens, type Running, runCli, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 10_000;

/** A TCP proxy in front of the mesh's PostgreSQL that the test can take down and bring back. */
class DatabaseOutage {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** The server behind it: the derived mesh's embedded PostgreSQL (known once the mesh is derived). */
  upstreamPort = 5432;

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = tcpConnect(this.upstreamPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** New connections are refused and open ones cut, as when the database goes away. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const outage = new DatabaseOutage();
const adminEmail = `admin.${Date.now().toString(36)}${randomBytes(3).toString("hex")}@test.local`;
let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
let admin: string;
/** Auction ids in this file's poison messages. */
const usedAuctionIds: string[] = [];

beforeAll(async () => {
  await outage.up();
  // identity makes ADMIN_EMAILS admins at sign-up: this mesh's admin is an account of its own.
  const manifest = testManifest(SHIFT, {
    auctions: { DATABASE_URL: `postgresql://postgres@127.0.0.1:${outage.port}/auction_catalogue` },
    identity: { ADMIN_EMAILS: adminEmail },
  });
  outage.upstreamPort = manifest.postgres?.port ?? 5432;
  ({ mesh, runner, gateway } = await startSuite(manifest));
  const signUp = await gateway.post<AuthSession>("/api/auth/sign-up", {
    email: adminEmail,
    password: "lantern orbit quiet harbor 31",
    displayName: "Hospital admin",
  });
  expect(signUp.body.user.roles).toContain("admin");
  admin = signUp.body.token;
});

afterAll(async () => {
  // The catalogue's database is shared by every mesh on the machine: leave nothing waiting,
  // even when a test failed half-way.
  if (admin) for (const id of usedAuctionIds) for (const d of await lettersFor(id, "?status=waiting")) await act(d.id, "discard");
  await stopRunner(runner);
  await outage.down();
});

/** Publishes `data` to auction.events through bidding's sidecar, as any publisher with the API token could. */
async function publishRaw(data: unknown): Promise<void> {
  const tokens = meshTokens(mesh.stateDir);
  const res = await fetch(`http://127.0.0.1:${mesh.ports.biddingApp + 1}/v1.0/publish/pubsub/auction.events`, {
    method: "POST",
    headers: { "content-type": "application/json", "dapr-api-token": tokens.dapr },
    body: JSON.stringify(data),
  });
  expect(res.status, await res.text()).toBe(204);
}

async function deadLetters(query = ""): Promise<DeadLetter[]> {
  const res = await gateway.get<DeadLetterList>(`/api/admin/dead-letters${query}`, admin);
  expect(res.status).toBe(200);
  return res.body.items;
}

/** The dead letters (of any mesh sharing the catalogue database) whose payload names `auctionId`. */
async function lettersFor(auctionId: string, query = ""): Promise<DeadLetter[]> {
  return (await deadLetters(query)).filter((d) => (d.payload as { auctionId?: unknown } | null)?.auctionId === auctionId);
}

const act = (id: string, action: "replay" | "discard", token = admin) =>
  gateway.post<DeadLetterActionResult & { code?: string }>(`/api/admin/dead-letters/${id}/${action}`, {}, token);

describe("dead letters", () => {
  it("keeps a contract-violating event from each subscriber that dropped it, with the reason", async () => {
    const auctionId = `poison-${Date.now().toString(36)}`;
    usedAuctionIds.push(auctionId);
    await publishRaw({
      auctionId,
      events: [{ type: "bid-placed", auctionId, sequence: 1, at: new Date().toISOString(), amount: "a lot" }],
    });

    // Every subscriber of auction.events drops it: the catalogue, the gateway, notifications, search
    // and audit (the Go service, which checks it against the generated JSON Schema).
    const letters = await until(
      "every subscriber's dead letter",
      async () => {
        const found = await lettersFor(auctionId, "?status=waiting");
        return found.length === 5 && found;
      },
      30_000,
    );
    expect(letters.map((d) => d.app).sort()).toEqual(["auctions", "audit", "gateway", "notifications", "search"]);
    for (const d of letters) {
      expect(d).toMatchObject({ topic: "auction.events", cause: "contract-violation", status: "waiting", arrivals: 1 });
      expect(d.reason).toMatch(new RegExp(`violates the auction\\.events contract, so ${d.app} dropped it: .*amount`));
      expect(d.eventId).toEqual(expect.any(String));
    }

    // Replaying it would only fail again: refused, and it stays waiting.
    const [first, second] = letters as [DeadLetter, DeadLetter];
    expect(await act(first.id, "replay")).toMatchObject({ status: 409, body: { code: "DEAD_LETTER_STILL_INVALID" } });
    // Discard is idempotent, and final.
    expect(await act(first.id, "discard")).toMatchObject({ status: 200, body: { changed: true, deadLetter: { status: "discarded" } } });
    expect(await act(first.id, "discard")).toMatchObject({ status: 200, body: { changed: false, deadLetter: { status: "discarded" } } });
    expect(await act(first.id, "replay")).toMatchObject({ status: 409, body: { code: "DEAD_LETTER_DISCARDED" } });
    expect((await lettersFor(auctionId, "?status=discarded")).map((d) => d.id)).toEqual([first.id]);

    // The CLI, as an admin by the mesh's own key: lists it, then discards the other.
    const list = runCli(["dead-letters", "list", "--status", "waiting", "--manifest", mesh.manifestFile]);
    expect(await list.exited, list.output()).toBe(0);
    expect(list.output()).toContain(`${second.id}  waiting`);
    expect(list.output()).toContain(`${second.app} <- auction.events  [contract-violation]`);
    const discard = runCli(["dead-letters", "discard", second.id, "--manifest", mesh.manifestFile]);
    expect(await discard.exited, discard.output()).toBe(0);
    expect(discard.output()).toContain(`${second.id} discarded`);
    const again = runCli(["dead-letters", "discard", second.id, "--manifest", mesh.manifestFile]);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain("was discarded already; nothing changed");
    const unknown = runCli(["dead-letters", "replay", "no-such-letter", "--manifest", mesh.manifestFile]);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain("DEAD_LETTER_NOT_FOUND: no dead letter no-such-letter");
    expect(unknown.output()).not.toContain("    at ");
  });

  it("is for admins only", async () => {
    const bidder = await gateway.token("curious-bidder");
    expect(await gateway.get("/api/admin/dead-letters", bidder)).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    expect(await gateway.get("/api/admin/dead-letters")).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    expect(await act("anything", "replay", bidder)).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    expect(await gateway.get("/api/admin/dead-letters?status=lost", admin)).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED" },
    });
  });

  it("after a database outage longer than the retries, replay delivers the event once", async () => {
    const created = await gateway.createListing({ title: `Hospital lamp ${Date.now().toString(36)}` }, "seller-hospital");
    expect(created.status).toBe(201);
    const auctionId = created.body.id;
    usedAuctionIds.push(auctionId);
    const seller = await gateway.token("seller-hospital");
    const history = async () => (await gateway.get<BidHistoryPage>(`/api/auctions/${auctionId}/bids`, seller)).body.bids;
    const bid = {
      type: "bid-placed",
      auctionId,
      sequence: 1,
      at: new Date().toISOString(),
      bidderId: "bidder-from-the-outage",
      amount: 1000,
      auto: false,
      minimumNextBid: 1100,
    };
    // What auction.events carries: one auction's events in one message.
    const message = { auctionId, events: [bid] };

    await outage.down();
    try {
      await publishRaw(message);
      // The catalogue answers RETRY on every attempt (10 × 1 s, dapr/resiliency), then Dapr
      // sends the event to deadletters.auctions. Keep the database away past that.
      await new Promise((r) => setTimeout(r, 16_000));
    } finally {
      await outage.up(); // the fix
    }

    const letter = await until(
      "the catalogue to store its dead letter once its database is back",
      async () => (await lettersFor(auctionId, "?status=waiting")).find((d) => d.app === "auctions"),
      90_000,
      500,
    );
    expect(letter).toMatchObject({ app: "auctions", topic: "auction.events", cause: "delivery-failed", payload: message });
    expect(letter.reason).toMatch(/auctions's handler failed or was unreachable on every attempt until the inbound retry policy ran out/);
    // The gateway took the event when it came.
    expect(await history()).toEqual([]);
    // search failed too while the database was away (it reads an auction it has not heard of
    // from the catalogue: exports/lots), but each of its attempts waits on its own sidecar's
    // retries of that call: whether its 10 attempts outlast the outage (a dead letter of its
    // own, for a draft search never shows) or one lands after it is timing. Only the
    // catalogue's letter is followed here.

    const replayed = await act(letter.id, "replay");
    expect(replayed).toMatchObject({
      status: 200,
      body: { changed: true, deadLetter: { status: "replayed", resolvedBy: expect.any(String) } },
    });
    await until("the replayed bid in the catalogue's history", async () => (await history()).length > 0, 30_000);
    // A second replay (an impatient admin, or two at once) publishes nothing more.
    expect(await act(letter.id, "replay")).toMatchObject({ status: 200, body: { changed: false, deadLetter: { status: "replayed" } } });
    expect(await act(letter.id, "discard")).toMatchObject({ status: 409, body: { code: "DEAD_LETTER_REPLAYED" } });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await history()).toEqual([expect.objectContaining({ sequence: 1, amount: 1000, bidderId: "bidder-from-the-outage" })]);
    // Delivered, not dead-lettered again.
    const catalogueLetters = (await lettersFor(auctionId)).filter((d) => d.app === "auctions");
    expect(catalogueLetters.map((d) => [d.id, d.status])).toEqual([[letter.id, "replayed"]]);
    // And the gateway's feed holds it once (it saw the original and the replay: same sequence).
    expect((await json<{ events: { sequence: number }[] }>(`${mesh.gatewayUrl}/api/auctions/${auctionId}/events`)).body.events).toEqual([
      expect.objectContaining({ sequence: 1, type: "bid-placed" }),
    ]);
  });
});
