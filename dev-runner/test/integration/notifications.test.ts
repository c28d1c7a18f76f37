/**
 * notifications on the real mesh: what people are told once bidding and settlement happen, in
 * the app (stored, paged, read, pushed live to their sockets) and by e-mail through the Dapr
 * mail binding into a real SMTP server (Mailpit, started by the runner), with the settlement
 * saga's events arriving through payments' outbox. Also: preferences, one notice and one mail
 * per fact across redeliveries, mail that waits while the SMTP server is down, access control.
 */
import {
  AppIds,
  Components,
  IdentityRoutes,
  LiveMessages,
  type Notification,
  type NotificationPage,
  type NotificationPreferences,
  NotificationsRoutes,
  type Settlement,
  Topics,
} from "@auction-mesh/contracts";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshProcesses, meshTokens, REPO, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 17_000;
/** A short buyer has 14 s to pay, and is reminded 7 s before the deadline; a runner-up has 20 s to accept. */
const PAYMENT_WINDOW_SECONDS = 14;
const PAYMENT_REMINDER_SECONDS = 7;
const SECOND_CHANCE_WINDOW_SECONDS = 20;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(
    testManifest(SHIFT, {
      payments: {
        PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS),
        PAYMENT_REMINDER_SECONDS: String(PAYMENT_REMINDER_SECONDS),
        SECOND_CHANCE_WINDOW_SECONDS: String(SECOND_CHANCE_WINDOW_SECONDS),
      },
      // "Ends in ..." 10 s before the end (5 minutes in production).
      notifications: { ENDING_SOON_SECONDS: "10" },
    }),
  ));
});

afterAll(async () => {
  await stopRunner(runner);
});

const manifest = () => loadManifest(REPO, { file: mesh.manifestFile });
const mailpitUrl = () => `http://127.0.0.1:${manifest().embedded.mailpit.httpPort}`;

interface MailSummary {
  ID: string;
  Subject: string;
  To: { Address: string }[];
}

/** Every message the SMTP server received, from its REST API. */
async function mailbox(): Promise<MailSummary[]> {
  const res = await json<{ messages: MailSummary[] }>(`${mailpitUrl()}/api/v1/messages?limit=1000`);
  expect(res.status).toBe(200);
  return res.body.messages;
}

/** The subjects of the mail `person` received, oldest first. */
async function subjectsTo(person: string): Promise<string[]> {
  const address = gateway.email(person);
  return (await mailbox())
    .filter((m) => m.To.some((t) => t.Address === address))
    .map((m) => m.Subject)
    .reverse();
}

async function notifications(person: string, query = ""): Promise<NotificationPage> {
  const res = await gateway.get<NotificationPage>(`/api/notifications${query}`, await gateway.token(person));
  expect(res.status).toBe(200);
  return res.body;
}

const kindsOf = async (person: string) => (await notifications(person, "?limit=100")).notifications.map((n) => n.kind).reverse();

/** Waits until `person` has notifications of every one of `kinds`. */
async function told(person: string, kinds: Notification["kind"][], timeoutMs = 40_000): Promise<void> {
  let last: string[] = [];
  await until(
    `${person} to be told ${kinds.join(", ")} (so far: ${last.join(", ")})`,
    async () => {
      last = await kindsOf(person);
      return kinds.every((k) => last.includes(k));
    },
    timeoutMs,
    250,
  );
}

async function mailed(person: string, subjects: RegExp[], timeoutMs = 60_000): Promise<string[]> {
  let last: string[] = [];
  await until(
    `mail to ${person}: ${subjects.join(", ")} (so far: ${last.join(" | ")})`,
    async () => {
      last = await subjectsTo(person);
      return subjects.every((s) => last.some((l) => s.test(l)));
    },
    timeoutMs,
    250,
  );
  return last;
}

async function topUp(person: string, amount: number) {
  const res = await json(`${gateway.url}/api/wallet/top-ups`, {
    method: "POST",
    body: JSON.stringify({ amount }),
    headers: { authorization: `Bearer ${await gateway.token(person)}`, "idempotency-key": `top-up-${person}-${amount}-${Date.now()}` },
  });
  expect(res.status).toBe(201);
}

async function closesIn(seconds: number, seller: string, title: string, startingPrice = 1_000): Promise<string> {
  return gateway.openAuction(seconds, { startingPrice, title }, seller);
}

async function closed(id: string) {
  await until(`auction ${id} to close`, async () => (await gateway.listing(id)).body.status !== "live", 40_000, 200);
}

const settlementOf = async (id: string, person: string) =>
  (await gateway.get<Settlement>(`/api/auctions/${id}/settlement`, await gateway.token(person))).body;

// Every test but the last has people and auctions of its own, so they run side by side (up to
// vitest's maxConcurrency, 5): most of their time is waiting for auctions to close and payment
// windows to lapse, and one after the other they took ~4 min.
describe.concurrent("after a won auction", () => {
  it("tells winner, seller and loser in the app and by e-mail, through settlement to the payout", async () => {
    await topUp("nt-buyer-1", 50_000);
    const id = await closesIn(8, "seller-nt-1", "Brass clock");
    expect((await gateway.bid(id, "nt-loser-1", 1_000)).body).toMatchObject({ accepted: true });
    expect((await gateway.bid(id, "nt-buyer-1", 2_000)).body).toMatchObject({ accepted: true });
    await closed(id);
    await until("the settlement to complete", async () => (await settlementOf(id, "nt-buyer-1")).status === "completed", 40_000, 250);

    await told("nt-buyer-1", ["won", "payment-received", "settlement-completed"]);
    await told("seller-nt-1", ["sold", "settlement-completed"]);
    await told("nt-loser-1", ["outbid", "lost"]);
    const buyerNotices = (await notifications("nt-buyer-1")).notifications;
    expect(buyerNotices.find((n) => n.kind === "won")).toMatchObject({
      title: "You won “Brass clock”",
      link: `/auctions/${id}`,
      readAt: null,
    });

    // E-mail: by default for what matters, not for "lost" or "payment received".
    expect(await mailed("nt-buyer-1", [/^You won “Brass clock”$/, /^“Brass clock” is yours$/])).not.toContainEqual(
      expect.stringMatching(/^Payment received/),
    );
    await mailed("seller-nt-1", [/^“Brass clock” sold for \$20\.00$/, /^Payout for “Brass clock”$/]);
    await mailed("nt-loser-1", [/^You were outbid on “Brass clock”$/]);
    expect(await subjectsTo("nt-loser-1")).not.toContainEqual(expect.stringMatching(/won by another bidder/));
  });

  it("asks a short buyer to pay, reminds them once, and completes when they top up", async () => {
    const id = await closesIn(6, "seller-nt-2", "Tin drum", 3_000);
    expect((await gateway.bid(id, "nt-buyer-2", 3_000)).body).toMatchObject({ accepted: true });
    await closed(id);
    await told("nt-buyer-2", ["won", "payment-due"]);
    await mailed("nt-buyer-2", [/^Payment due for “Tin drum”$/]);
    await told("nt-buyer-2", ["payment-reminder"], (PAYMENT_WINDOW_SECONDS + 10) * 1000);
    await mailed("nt-buyer-2", [/^Reminder: pay for “Tin drum”$/]);
    await topUp("nt-buyer-2", 3_300);
    await told("nt-buyer-2", ["payment-received", "settlement-completed"]);
    const kinds = await kindsOf("nt-buyer-2");
    expect(kinds.filter((k) => k === "payment-reminder")).toHaveLength(1);
  });

  it("tells buyer and seller when nobody pays: the sale is cancelled", async () => {
    const id = await closesIn(6, "seller-nt-3", "Glass vase", 2_000);
    expect((await gateway.bid(id, "nt-buyer-3", 2_000)).body).toMatchObject({ accepted: true });
    await closed(id);
    await told("nt-buyer-3", ["payment-due", "settlement-failed"], (PAYMENT_WINDOW_SECONDS + 40) * 1000);
    await told("seller-nt-3", ["sold", "settlement-failed"]);
    await mailed("seller-nt-3", [/^The sale of “Glass vase” fell through$/]);
  });
});

describe.concurrent("ending soon", () => {
  it("tells each bidder once, shortly before the end, through a scheduler job", async () => {
    const id = await closesIn(18, "seller-nt-11", "Wool rug");
    await gateway.bid(id, "nt-early-11", 1_000);
    await gateway.bid(id, "nt-late-11", 1_500);
    await told("nt-early-11", ["ending-soon"], 30_000);
    await told("nt-late-11", ["ending-soon"], 10_000);
    const notice = (await notifications("nt-late-11")).notifications.find((n) => n.kind === "ending-soon");
    expect(notice?.title).toBe("“Wool rug” ends in 10 seconds");
    await closed(id);
    expect((await kindsOf("nt-early-11")).filter((k) => k === "ending-soon")).toHaveLength(1);
  });
});

describe.concurrent("the watchlist", () => {
  const watch = async (id: string, person: string, method: "PUT" | "DELETE" | "GET" = "PUT") =>
    json<{ auctionId: string; watching: boolean; code?: string }>(`${gateway.url}/api/auctions/${id}/watch`, {
      method,
      headers: { authorization: `Bearer ${await gateway.token(person)}` },
    });
  type Watchlist = { items: { listing: { id: string; status: string }; topBid: number | null; bidCount: number }[] };
  const watchlist = async (person: string) => (await gateway.get<Watchlist>("/api/me/watchlist", await gateway.token(person))).body.items;

  it("tells a watcher who never bid that the auction ends soon; one who stopped watching hears nothing", async () => {
    const id = await closesIn(18, "seller-nt-20", "Pewter jug");
    expect(await watch(id, "nt-watcher-20")).toMatchObject({ status: 200, body: { auctionId: id, watching: true } });
    expect(await watch(id, "nt-watcher-20")).toMatchObject({ status: 200, body: { watching: true } });
    expect(await watch(id, "nt-quitter-20")).toMatchObject({ status: 200, body: { watching: true } });
    expect(await watch(id, "nt-quitter-20", "DELETE")).toMatchObject({ status: 200, body: { watching: false } });
    expect(await watch(id, "nt-watcher-20", "GET")).toMatchObject({ status: 200, body: { watching: true } });
    expect(await watch(id, "nt-quitter-20", "GET")).toMatchObject({ status: 200, body: { watching: false } });
    expect(await watchlist("nt-watcher-20")).toEqual([expect.objectContaining({ topBid: null, bidCount: 0 })]);

    // Nobody has bid: the watch alone planned the reminder.
    await told("nt-watcher-20", ["ending-soon"], 30_000);
    await gateway.bid(id, "nt-bidder-20", 1_000);
    const notice = (await notifications("nt-watcher-20")).notifications.find((n) => n.kind === "ending-soon");
    expect(notice).toMatchObject({ title: "“Pewter jug” ends in 10 seconds", body: "You are watching it: bid now if you want it." });
    await mailed("nt-watcher-20", [/Pewter jug/]);
    await closed(id);
    expect(await kindsOf("nt-quitter-20")).not.toContain("ending-soon");
    // The watchlist's figures come from read models fed by events: they catch up within moments.
    const closedItem = await until(
      "the watchlist to show the closed auction with its bid",
      async () => {
        const items = await watchlist("nt-watcher-20");
        return items[0]?.bidCount === 1 && /closed|sold/.test(items[0].listing.status) ? items : undefined;
      },
      20_000,
      200,
    );
    expect(closedItem).toEqual([
      expect.objectContaining({
        listing: expect.objectContaining({ id, status: expect.stringMatching(/closed|sold/) }),
        topBid: 1_000,
        bidCount: 1,
      }),
    ]);
  });

  it("answers bad input with a 4xx and a code, and shows no one's draft", async () => {
    expect(await json(`${gateway.url}/api/auctions/nope-${Date.now()}/watch`, { method: "PUT" })).toMatchObject({ status: 401 });
    expect(await watch(`nope-${Date.now()}`, "nt-bad-20")).toMatchObject({ status: 404, body: { code: "AUCTION_NOT_FOUND" } });
    expect(await watch("bad%20id", "nt-bad-20")).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    const draft = await gateway.createListing({ title: "Hidden draft" }, "seller-nt-20");
    expect(await watch(draft.body.id, "nt-bad-20")).toMatchObject({ status: 404, body: { code: "AUCTION_NOT_FOUND" } });
    expect(await watchlist("nt-bad-20")).toEqual([]);
  });
});

describe.concurrent("a second chance for the runner-up", () => {
  it("offers the lot to the runner-up when the winner does not pay, and sells it to them when they accept", async () => {
    await topUp("nt-runner-9", 2_000);
    const id = await closesIn(8, "seller-nt-9", "Pewter mug");
    expect((await gateway.bid(id, "nt-runner-9", 1_000)).body).toMatchObject({ accepted: true });
    expect((await gateway.bid(id, "nt-winner-9", 1_500)).body).toMatchObject({ accepted: true });
    await closed(id);
    // The winner never pays: after the deadline the runner-up is offered it at their highest bid.
    await told("nt-runner-9", ["outbid", "lost", "second-chance"], (PAYMENT_WINDOW_SECONDS + 30) * 1000);
    await told("nt-winner-9", ["won", "payment-due", "settlement-failed"]);
    await mailed("nt-runner-9", [/^A second chance at “Pewter mug”$/]);
    const offered = await settlementOf(id, "nt-runner-9");
    expect(offered).toMatchObject({
      status: "second-chance-offered",
      hammerPrice: 1_000,
      total: 1_100,
      winnerId: await gateway.userId("nt-winner-9"),
    });

    const accept = async (person: string) =>
      gateway.post<{ code?: string; status?: string }>(`/api/auctions/${id}/second-chance`, {}, await gateway.token(person));
    // Only the runner-up may take it.
    expect((await accept("nt-winner-9")).body.code).toBe("NO_OPEN_OFFER");
    expect(await accept("nt-stranger-9")).toMatchObject({ status: 404, body: { code: "SETTLEMENT_NOT_FOUND" } });
    expect(await accept("nt-runner-9")).toMatchObject({ status: 202, body: { status: "second-chance-offered" } });
    await until(
      "the runner-up's purchase to complete",
      async () => (await settlementOf(id, "nt-runner-9")).status === "completed",
      30_000,
      250,
    );
    expect((await gateway.listing(id)).body).toMatchObject({
      status: "sold",
      winnerId: await gateway.userId("nt-runner-9"),
      finalPrice: 1_000,
    });
    const wallet = await gateway.get<{ available: number; held: number }>("/api/wallet", await gateway.token("nt-runner-9"));
    expect(wallet.body).toMatchObject({ available: 900, held: 0 });
    await told("seller-nt-9", ["sold", "settlement-completed"]);
  });

  it("refuses an acceptance the runner-up's wallet cannot cover, and the sale fails when nobody takes it", async () => {
    const id = await closesIn(8, "seller-nt-10", "Slate tile");
    expect((await gateway.bid(id, "nt-runner-10", 1_000)).body).toMatchObject({ accepted: true });
    expect((await gateway.bid(id, "nt-winner-10", 1_500)).body).toMatchObject({ accepted: true });
    await closed(id);
    await told("nt-runner-10", ["second-chance"], (PAYMENT_WINDOW_SECONDS + 30) * 1000);
    const short = await gateway.post(`/api/auctions/${id}/second-chance`, {}, await gateway.token("nt-runner-10"));
    expect(short).toMatchObject({ status: 409, body: { code: "INSUFFICIENT_FUNDS" } });
    await until(
      "the offer to lapse",
      async () => (await settlementOf(id, "nt-runner-10")).status === "failed",
      (SECOND_CHANCE_WINDOW_SECONDS + 30) * 1000,
      500,
    );
    expect((await gateway.listing(id)).body.status).toBe("unsold");
    await told("seller-nt-10", ["settlement-failed"]);
  });
});

describe.concurrent("my bids", () => {
  it("lists the auctions a person bid on: leading or outbid while live, won or lost once closed", async () => {
    const id = await closesIn(8, "seller-nt-12", "Tea caddy");
    await gateway.bid(id, "nt-mine-a", 1_000);
    await gateway.bid(id, "nt-mine-b", 1_500);
    type Page = { items: { listing: { id: string }; standing: string; myHighestBid: number; topBid: number }[] };
    const mine = async (person: string) =>
      (await gateway.get<Page>("/api/me/bids", await gateway.token(person))).body.items.find((i) => i.listing.id === id);
    // A read model fed by bidding's events: it shows each bid moments after it is accepted (seen
    // lagging a bid behind when other scenarios' events were queued ahead of it).
    const shows = (person: string, expected: Record<string, unknown>) =>
      until(
        `${person}'s bids to show ${JSON.stringify(expected)}`,
        async () => {
          const item = (await mine(person)) as Record<string, unknown> | undefined;
          return item && Object.entries(expected).every(([k, v]) => item[k] === v) ? item : undefined;
        },
        20_000,
        200,
      );
    await shows("nt-mine-a", { standing: "outbid", myHighestBid: 1_000, topBid: 1_500 });
    await shows("nt-mine-b", { standing: "leading", myHighestBid: 1_500 });
    await closed(id);
    await shows("nt-mine-a", { standing: "lost" });
    await shows("nt-mine-b", { standing: "won" });
    expect(await mine("nt-stranger-12")).toBeUndefined();
    expect(await gateway.get("/api/me/bids")).toMatchObject({ status: 401 });
  });
});

describe.concurrent("the bell", () => {
  it("pushes a new notification to the person's open socket with the unread count", async () => {
    const token = await gateway.token("nt-bell-1");
    const socket = io(gateway.url, { auth: { token }, transports: ["websocket"] });
    const pushed: { notification: Notification; unread: number }[] = [];
    socket.on(LiveMessages.notification, (message) => pushed.push(message));
    await until("the socket to connect", async () => socket.connected, 10_000, 50);
    try {
      const id = await closesIn(600, "seller-nt-4", "Oak chair");
      await gateway.bid(id, "nt-bell-1", 1_000);
      await gateway.bid(id, "nt-bell-2", 1_500);
      await until("the outbid notification on the socket", async () => pushed.length > 0, 20_000, 50);
      expect(pushed[0]).toMatchObject({
        notification: { kind: "outbid", auctionId: id, title: "You were outbid on “Oak chair”" },
        unread: 1,
      });
      // Outbid again: the unread notice is brought up to date, not repeated.
      await gateway.bid(id, "nt-bell-1", 2_500);
      await gateway.bid(id, "nt-bell-2", 3_500);
      await until("the updated notice on the socket", async () => pushed.some((p) => p.notification.body.includes("$35.00")), 20_000, 50);
      expect(new Set(pushed.map((p) => p.notification.id)).size).toBe(1);
      expect(pushed.every((p) => p.unread === 1)).toBe(true);
      expect((await notifications("nt-bell-1")).notifications.filter((n) => n.kind === "outbid")).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it("pages newest first and marks notifications read, one or all", async () => {
    const id = await closesIn(600, "seller-nt-5", "Silk scarf");
    const token = await gateway.token("nt-reader");
    for (let i = 0; i < 3; i++) {
      // Outbid while the last outbid notice is read: a new notice each time.
      await gateway.bid(id, "nt-reader", 1_000 + i * 2_000);
      await gateway.bid(id, "nt-rival", 2_000 + i * 2_000);
      await until(`outbid notice ${i + 1}`, async () => (await notifications("nt-reader")).notifications.length === i + 1, 20_000, 200);
      if (i === 2) break;
      const unread = (await notifications("nt-reader")).notifications.filter((n) => n.readAt === null).map((n) => n.id);
      const marked = await gateway.post<{ marked: number; unread: number }>("/api/notifications/read", { ids: unread }, token);
      expect(marked.body).toEqual({ marked: 1, unread: 0 });
    }
    const first = await notifications("nt-reader", "?limit=2");
    expect(first.notifications).toHaveLength(2);
    expect(first.unread).toBe(1);
    const second = await notifications("nt-reader", `?limit=2&before=${first.nextBefore}`);
    expect(second.notifications).toHaveLength(1);
    expect(second.nextBefore).toBeNull();
    expect((first.notifications[0]?.id ?? 0) > (first.notifications[1]?.id ?? 0)).toBe(true);
    const all = await gateway.post<{ marked: number; unread: number }>("/api/notifications/read", { all: true }, token);
    expect(all.body).toEqual({ marked: 1, unread: 0 });
  });

  it("answers bad input with a 4xx and a code", async () => {
    const token = await gateway.token("nt-bad");
    expect(await gateway.get("/api/notifications")).toMatchObject({ status: 401 });
    expect(await gateway.get("/api/notifications?limit=0", token)).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(await gateway.post("/api/notifications/read", { ids: [] }, token)).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED" },
    });
    expect(await gateway.post("/api/notifications/read", { ids: ["x"] }, token)).toMatchObject({ status: 400 });
    const bad = await json(`${gateway.url}/api/notifications/preferences`, {
      method: "PUT",
      body: JSON.stringify({ email: { "not-a-kind": true } }),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
  });
});

describe.concurrent("preferences", () => {
  it("turns e-mail off for one kind: the notice still comes, the mail does not", async () => {
    const token = await gateway.token("nt-quiet");
    const before = await gateway.get<NotificationPreferences>("/api/notifications/preferences", token);
    expect(before.body.email).toMatchObject({ outbid: true, won: true, lost: false });
    const changed = await json<NotificationPreferences>(`${gateway.url}/api/notifications/preferences`, {
      method: "PUT",
      body: JSON.stringify({ email: { outbid: false } }),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(changed.body.email).toMatchObject({ outbid: false, won: true });
    const id = await closesIn(600, "seller-nt-6", "Copper pan");
    await gateway.bid(id, "nt-quiet", 1_000);
    await gateway.bid(id, "nt-loud", 1_500);
    await gateway.bid(id, "nt-quiet", 2_500);
    await told("nt-quiet", ["outbid"]);
    await told("nt-loud", ["outbid"]);
    // The other bidder's outbid mail arrives; by then the quiet one's would have too.
    await mailed("nt-loud", [/^You were outbid on “Copper pan”$/]);
    expect(await subjectsTo("nt-quiet")).toEqual([]);
  });
});

describe.concurrent("one notice and one e-mail per fact", () => {
  it("adds nothing when a settlement event is delivered again", async () => {
    await topUp("nt-buyer-7", 10_000);
    const id = await closesIn(6, "seller-nt-7", "Clay jug");
    await gateway.bid(id, "nt-buyer-7", 1_000);
    await closed(id);
    await told("nt-buyer-7", ["settlement-completed"]);
    await mailed("nt-buyer-7", [/is yours$/]);
    const settlement = await settlementOf(id, "nt-buyer-7");
    // payments' sidecar publishes the completion again, as a relay that crashed before deleting it would.
    const sidecar = replicaPorts(manifest().services.payments?.portBase as number, 0).daprHttp;
    const again = await fetch(`http://127.0.0.1:${sidecar}/v1.0/publish/${Components.pubsub}/${Topics.settlementEvents}`, {
      method: "POST",
      headers: { "content-type": "application/json", "dapr-api-token": meshTokens(mesh.stateDir).dapr },
      body: JSON.stringify({
        type: "settlement-completed",
        eventId: `${id}:settlement-completed`,
        auctionId: id,
        buyerId: settlement.buyerId,
        sellerId: settlement.sellerId,
        at: new Date().toISOString(),
        hammerPrice: settlement.hammerPrice,
        total: settlement.total,
        sellerProceeds: settlement.sellerProceeds,
      }),
    });
    expect(again.status).toBe(204);
    // A marker published after the repeat: once it is told, the repeat was handled before it.
    const marker = await closesIn(600, "seller-nt-7b", "Marker");
    await gateway.bid(marker, "nt-buyer-7", 1_000);
    await gateway.bid(marker, "nt-rival-7", 1_500);
    await told("nt-buyer-7", ["outbid"]);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await kindsOf("nt-buyer-7")).filter((k) => k === "settlement-completed")).toHaveLength(1);
    expect((await subjectsTo("nt-buyer-7")).filter((s) => /is yours$/.test(s))).toHaveLength(1);
  });
});

describe.concurrent("notifications behind access control", () => {
  it("answers the gateway's calls only: another app's sidecar is refused", async () => {
    const sidecar = replicaPorts(manifest().services.bidding?.portBase as number, 0).daprHttp;
    for (const route of [NotificationsRoutes.list, NotificationsRoutes.watches]) {
      const res = await json<{ errorCode?: string }>(`http://127.0.0.1:${sidecar}/v1.0/invoke/${AppIds.notifications}/method/${route}`, {
        method: "POST",
        body: "{}",
        headers: { "dapr-api-token": meshTokens(mesh.stateDir).dapr, authorization: `Bearer ${await gateway.token("nt-bad")}` },
      });
      expect(res.status, route).toBe(403);
    }
  });

  it("gives people's e-mail addresses to notifications only: the gateway is refused", async () => {
    const sidecar = replicaPorts(manifest().services.gateway?.portBase as number, 0).daprHttp;
    const res = await json(`http://127.0.0.1:${sidecar}/v1.0/invoke/${AppIds.identity}/method/${IdentityRoutes.contact}`, {
      method: "POST",
      body: JSON.stringify({ userId: await gateway.userId("nt-bad") }),
      headers: { "dapr-api-token": meshTokens(mesh.stateDir).dapr },
    });
    expect(res.status).toBe(403);
  });
});

// Last and alone: it stops the SMTP server that every other test's mail goes through.
describe("while the SMTP server is down", () => {
  it("keeps the mail and sends each once when the server is back", async () => {
    const processes = () => meshProcesses(mesh);
    const mailpit = (await processes()).find((p) => p.name === "mailpit");
    expect(mailpit?.pid).toBeDefined();
    const id = await closesIn(600, "seller-nt-8", "Iron key");
    // The server hangs (a send times out after the binding's 15 s, the mail waits)...
    process.kill(mailpit?.pid as number, "SIGSTOP");
    try {
      for (let i = 0; i < 3; i++) {
        await gateway.bid(id, `nt-down-${i}`, 1_000 + i * 1_000);
      }
      await gateway.bid(id, "nt-down-top", 10_000);
      await told("nt-down-2", ["outbid"]);
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      // ...then dies (nothing it half-took is ever delivered) and the runner starts it again.
      process.kill(mailpit?.pid as number, "SIGKILL");
    }
    await until(
      "the runner to restart the SMTP server",
      async () => (await processes()).find((p) => p.name === "mailpit" && p.restarts >= 1 && p.healthy),
      30_000,
    );
    for (let i = 0; i < 3; i++) {
      const subjects = await mailed(`nt-down-${i}`, [/^You were outbid on “Iron key”$/], 120_000);
      expect(subjects.filter((s) => /Iron key/.test(s))).toHaveLength(1);
    }
  });
});
