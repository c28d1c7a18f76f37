/**
 * The journey that must always work (MISSION.md), on the real mesh: sign up, a seller lists and
 * publishes an auction, the scheduler hands it to bidding at its start time, bidders find it
 * and bid, it closes, and the catalogue shows the winner. Plus the refusals users meet on the
 * way: weak password, taken e-mail, wrong password, bad token, wrong role, others' drafts.
 */
import type { AuthSession, BidHistoryPage, Listing, ListingPage } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { inSeconds, type MeshProcess, meshProcesses, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(6000)));
});

afterAll(async () => {
  await stopRunner(runner);
});

describe("identity through the gateway", () => {
  it("signs up, logs in and says who the token belongs to", async () => {
    const email = `Ada.${unique()}@Example.com`;
    const signUp = await gateway.post<AuthSession>("/api/auth/sign-up", { email, password: "quiet harbor lantern 77", displayName: "Ada" });
    expect(signUp.status).toBe(201);
    expect(signUp.body.user).toMatchObject({ email: email.toLowerCase(), displayName: "Ada", roles: ["bidder"] });
    const login = await gateway.post<AuthSession>("/api/auth/login", { email: email.toUpperCase(), password: "quiet harbor lantern 77" });
    expect(login.status).toBe(200);
    expect((await gateway.get("/api/auth/me", login.body.token)).body).toMatchObject({ id: signUp.body.user.id, roles: ["bidder"] });
  });

  it("refuses a weak password, a taken e-mail and a wrong password with clear codes", async () => {
    const email = `bob.${unique()}@example.com`;
    const weak = await gateway.post("/api/auth/sign-up", { email, password: "password123", displayName: "Bob" });
    expect(weak).toMatchObject({ status: 400, body: { code: "WEAK_PASSWORD", details: { suggestions: expect.any(Array) } } });
    expect((await gateway.post("/api/auth/sign-up", { email, password: "amber violin desert 9", displayName: "Bob" })).status).toBe(201);
    const taken = await gateway.post("/api/auth/sign-up", { email, password: "amber violin desert 9", displayName: "Bob 2" });
    expect(taken).toMatchObject({ status: 409, body: { code: "EMAIL_TAKEN" } });
    const wrong = await gateway.post("/api/auth/login", { email, password: "amber violin desert 8" });
    const unknown = await gateway.post("/api/auth/login", { email: `nobody.${unique()}@example.com`, password: "amber violin desert 9" });
    // Same answer for both: the API does not reveal which e-mails have accounts.
    expect(wrong).toMatchObject({ status: 401, body: { code: "INVALID_CREDENTIALS" } });
    expect(unknown.body).toEqual(wrong.body);
    const invalid = await gateway.post("/api/auth/sign-up", { email: "not-an-email", password: "x", displayName: "" });
    expect(invalid).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
  });

  it("refuses a tampered or foreign token", async () => {
    const token = await gateway.token("tamper-victim");
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ["admin"] })).toString("base64url")}.${signature}`;
    expect(await gateway.get("/api/auth/me", forged)).toMatchObject({ status: 401, body: { code: "TOKEN_INVALID" } });
    expect(await gateway.get("/api/auth/me")).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
  });
});

/**
 * daprd retries a call whose answer does not come within the invoke timeout (dapr/resiliency),
 * while the callee may still be working on the first attempt: the callee then gets the same
 * request twice. A stopped process (SIGSTOP) makes that happen on purpose; under load it happens
 * on its own (200 sign-ups at once queue their argon2 hashes past the 5 s timeout).
 */
describe("calls the mesh retries on its own", () => {
  async function whileStopped<T>(app: string, call: () => Promise<T>, seconds: number): Promise<T> {
    const target = (await meshProcesses(mesh)).find((p) => p.name === app) as MeshProcess;
    process.kill(target.pid, "SIGSTOP");
    let answer: Promise<T>;
    try {
      answer = call();
      // Past the 5 s invoke timeout, so daprd has given up on the first attempt and sent another.
      await new Promise((r) => setTimeout(r, seconds * 1000));
    } finally {
      process.kill(target.pid, "SIGCONT");
    }
    return answer;
  }

  it("a sign-up retried after a timeout makes one account and answers 201, not EMAIL_TAKEN", { timeout: 60_000 }, async () => {
    const email = `retried.${unique()}@example.com`;
    const password = "copper kettle meadow 31";
    const signUp = await whileStopped(
      "identity",
      () => gateway.post<AuthSession>("/api/auth/sign-up", { email, password, displayName: "Retried" }),
      7,
    );
    expect(signUp).toMatchObject({ status: 201, body: { user: { email } } });
    const login = await gateway.post<AuthSession>("/api/auth/login", { email, password });
    expect(login.body.user.id).toBe(signUp.body.user.id);
    // A later sign-up with the same e-mail is not a retry: it is still refused.
    const again = await gateway.post("/api/auth/sign-up", { email, password, displayName: "Retried" });
    expect(again).toMatchObject({ status: 409, body: { code: "EMAIL_TAKEN" } });
  });

  it("a listing create retried after a timeout makes one listing", { timeout: 60_000 }, async () => {
    const title = `Retried clock ${unique()}`;
    const created = await whileStopped("auctions", () => gateway.createListing({ title }), 7);
    expect(created).toMatchObject({ status: 201, body: { title, status: "draft" } });
    const drafts = await gateway.get<ListingPage>(
      `/api/auctions?status=draft&limit=100&q=${encodeURIComponent(title)}&sellerId=${await gateway.userId("seller-1")}`,
      await gateway.token("seller-1"),
    );
    expect(drafts.body.items.map((l) => l.id)).toEqual([created.body.id]);
  });

  it("a publish and a cancel retried after a timeout answer as the first attempt did", { timeout: 60_000 }, async () => {
    const seller = await gateway.token("seller-1");
    const id = (await gateway.createListing({ startsAt: inSeconds(600), endsAt: inSeconds(1200) })).body.id;
    const publish = () => gateway.post<Listing>(`/api/auctions/${id}/publish`, {}, seller);
    expect(await whileStopped("auctions", publish, 7)).toMatchObject({ status: 200, body: { id, status: "scheduled" } });
    const cancel = () => gateway.post<Listing>(`/api/auctions/${id}/cancel`, {}, seller);
    expect(await whileStopped("auctions", cancel, 7)).toMatchObject({ status: 200, body: { id, status: "cancelled" } });
  });
});

describe("the catalogue and the journey", () => {
  it("lets only sellers create, keeps drafts private, and edits before publishing", async () => {
    const asBidder = await gateway.post(
      "/api/auctions",
      {
        title: "Not mine to sell",
        category: "art",
        startingPrice: 100,
        incrementRule: { kind: "fixed", amount: 10 },
        startsAt: inSeconds(60),
        endsAt: inSeconds(120),
      },
      await gateway.token("bidder-x"),
    );
    expect(asBidder).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });

    const draft = await gateway.createListing({ title: `Draft lamp ${unique()}`, reservePrice: 5000 });
    expect(draft).toMatchObject({ status: 201, body: { status: "draft", reservePrice: 5000, hasReserve: true } });
    const id = draft.body.id;
    expect(await gateway.listing(id)).toMatchObject({ status: 404, body: { code: "AUCTION_NOT_FOUND" } });
    expect(await gateway.listing(id, "bidder-x")).toMatchObject({ status: 404 });
    const edited = await gateway.post<Listing>(`/api/auctions/${id}/cancel`, {}, await gateway.token("seller-2"));
    expect(edited).toMatchObject({ status: 404 });

    const patch = await fetch(`${gateway.url}/api/auctions/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${await gateway.token("seller-1")}` },
      body: JSON.stringify({ description: "Brass, 1920s" }),
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ description: "Brass, 1920s", status: "draft" });

    const mine = await gateway.get<ListingPage>(
      `/api/auctions?status=draft&sellerId=${await gateway.userId("seller-1")}`,
      await gateway.token("seller-1"),
    );
    expect(mine.body.items.map((l) => l.id)).toContain(id);
    const theirs = await gateway.get<ListingPage>(`/api/auctions?status=draft&sellerId=${await gateway.userId("seller-1")}`);
    expect(theirs.body.items).toEqual([]);
  });

  it("starts a published auction at its start time, runs it, and records the winner and the bid history", { timeout: 90_000 }, async () => {
    const tag = unique();
    const title = `Clockwork bird ${tag}`;
    const created = await gateway.createListing({
      title,
      category: "collectibles",
      startsAt: inSeconds(3),
      endsAt: inSeconds(10),
      reservePrice: 1200,
    });
    const id = created.body.id;
    const published = await gateway.post<Listing>(`/api/auctions/${id}/publish`, {}, await gateway.token("seller-1"));
    expect(published.body).toMatchObject({ status: "scheduled" });
    // Published: everyone finds it, without the secret reserve.
    const found = await gateway.get<ListingPage>(`/api/auctions?q=BIRD%20${tag}&category=collectibles`);
    expect(found.body.items.map((l) => [l.id, l.reservePrice, l.hasReserve])).toEqual([[id, null, true]]);
    // Not live before its start time...
    expect((await gateway.snapshot(id)).status).toBe(404);
    expect((await gateway.bid(id, "bidder-x", 1000)).body).toMatchObject({ accepted: false, code: "AUCTION_NOT_FOUND" });
    // ...live after it: the scheduler's job handed it to bidding.
    await until("the auction to go live", async () => (await gateway.listing(id)).body.status === "live", 20_000, 200);
    expect((await gateway.bid(id, "seller-1", 1000)).body).toMatchObject({ accepted: false, code: "SELLER_CANNOT_BID" });
    expect((await gateway.bid(id, "bidder-x", 1000)).body).toMatchObject({ accepted: true });
    expect((await gateway.bid(id, "bidder-y", 1100)).body).toMatchObject({ accepted: true });
    expect((await gateway.bid(id, "bidder-x", 1300)).body).toMatchObject({ accepted: true, currentPrice: 1300 });

    await until("the catalogue to show the result", async () => (await gateway.listing(id)).body.status === "closed", 30_000, 250);
    expect((await gateway.listing(id)).body).toMatchObject({
      status: "closed",
      winnerId: await gateway.userId("bidder-x"),
      finalPrice: 1300,
    });

    const page1 = await gateway.get<BidHistoryPage>(`/api/auctions/${id}/bids?limit=2`);
    expect(page1.body.bids.map((b) => b.amount)).toEqual([1300, 1100]);
    const page2 = await gateway.get<BidHistoryPage>(`/api/auctions/${id}/bids?limit=2&before=${page1.body.nextBefore}`);
    expect(page2.body).toMatchObject({ bids: [{ amount: 1000, bidderId: await gateway.userId("bidder-x") }], nextBefore: null });
  });

  it("never starts a cancelled auction", { timeout: 30_000 }, async () => {
    const created = await gateway.createListing({ startsAt: inSeconds(2), endsAt: inSeconds(30) });
    const id = created.body.id;
    await gateway.post(`/api/auctions/${id}/publish`, {}, await gateway.token("seller-1"));
    const cancelled = await gateway.post<Listing>(`/api/auctions/${id}/cancel`, {}, await gateway.token("seller-1"));
    expect(cancelled.body).toMatchObject({ status: "cancelled" });
    await new Promise((r) => setTimeout(r, 4000));
    expect((await gateway.snapshot(id)).status).toBe(404);
    expect(await gateway.listing(id)).toMatchObject({ status: 404 });
    expect((await gateway.listing(id, "seller-1")).body).toMatchObject({ status: "cancelled" });
  });

  it("never lets a cancel and the start job both win: bidding never runs a cancelled auction", { timeout: 60_000 }, async () => {
    const seller = await gateway.token("seller-1");
    const created = await gateway.createListing({ startsAt: inSeconds(2), endsAt: inSeconds(120) });
    const id = created.body.id;
    await gateway.post(`/api/auctions/${id}/publish`, {}, seller);
    // Bidding hangs, so the start job, once fired, is stuck handing the auction over...
    const bidding = (await meshProcesses(mesh)).find((p) => p.name === "bidding") as MeshProcess;
    process.kill(bidding.pid, "SIGSTOP");
    let cancel: Promise<{ status: number; body: Listing & { code?: string } }>;
    try {
      // ...when the seller cancels (the job is due at +2 s), and bidding comes back a second later.
      await new Promise((r) => setTimeout(r, 4500));
      cancel = gateway.post<Listing & { code?: string }>(`/api/auctions/${id}/cancel`, {}, seller);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      process.kill(bidding.pid, "SIGCONT");
    }
    const answer = await cancel;
    await new Promise((r) => setTimeout(r, 3000));
    const inBidding = (await gateway.snapshot(id)).status;
    const listing = (await gateway.listing(id, "seller-1")).body;
    if (answer.status === 200) {
      // The cancel came first: the job found the auction cancelled and left it.
      expect({ inBidding, listing: listing.status }).toEqual({ inBidding: 404, listing: "cancelled" });
    } else {
      // The job came first: the cancel waited for it and was refused; the auction runs.
      expect(answer).toMatchObject({ status: 409, body: { code: "AUCTION_CHANGED" } });
      expect({ inBidding, listing: listing.status }).toEqual({ inBidding: 200, listing: "live" });
    }
  });

  it("refuses to publish an auction that would end too soon, and to edit a live one", async () => {
    const soon = await gateway.createListing({ startsAt: inSeconds(-60), endsAt: inSeconds(2) });
    expect(await gateway.post(`/api/auctions/${soon.body.id}/publish`, {}, await gateway.token("seller-1"))).toMatchObject({
      status: 422,
      body: { code: "ENDS_TOO_SOON" },
    });
    const id = await gateway.openAuction(60);
    const edit = await fetch(`${gateway.url}/api/auctions/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${await gateway.token("seller-1")}` },
      body: JSON.stringify({ title: "Changed mid-auction" }),
    });
    expect(edit.status).toBe(409);
    expect(await edit.json()).toMatchObject({ code: "AUCTION_NOT_EDITABLE" });
  });
});
