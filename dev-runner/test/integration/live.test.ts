/**
 * Socket.IO watchers on two gateway replicas: snapshot then ordered deltas, bids over the
 * socket, personal outbid alerts, and resuming after a dropped connection.
 */
import { type AuctionEvent, type CardUpdate, type JoinAnswer, type LiveBidAnswer, LiveMessages } from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveManifest } from "../../src/derive.js";
import type { GatewayClient } from "./gateway-client.js";
import { auctionId, REPO, type Running, type TestMesh, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
const sockets: Socket[] = [];

/** A client (signed in as `bidder`, or an anonymous watcher) that records every event it receives. */
async function connect(replica: 0 | 1, bidder?: string) {
  const port = mesh.ports.gatewayApp + replica * 10;
  const auth = bidder ? { token: await gateway.token(bidder) } : {};
  const socket = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], auth, reconnection: false });
  sockets.push(socket);
  const events: AuctionEvent[] = [];
  const alerts: AuctionEvent[] = [];
  socket.on("auction:events", (frame: AuctionEvent[]) => events.push(...frame));
  socket.on("bidder:outbid", (e: AuctionEvent) => alerts.push(e));
  const join = (id: string, lastSequence?: number) =>
    socket
      .timeout(10_000)
      .emitWithAck("auction:join", lastSequence === undefined ? { auctionId: id } : { auctionId: id, lastSequence }) as Promise<JoinAnswer>;
  const bid = (id: string, amount: number, maxAmount?: number) =>
    socket.timeout(10_000).emitWithAck("auction:bid", {
      auctionId: id,
      amount,
      idempotencyKey: `sock-${bidder}-${id}-${amount}`,
      ...(maxAmount ? { maxAmount } : {}),
    }) as Promise<LiveBidAnswer>;
  return { socket, events, alerts, join, bid, connected: new Promise<void>((r) => socket.once("connect", () => r())) };
}

const sequences = (events: AuctionEvent[], id: string) => events.filter((e) => e.auctionId === id).map((e) => e.sequence);

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(deriveManifest(REPO, { shift: 7000, prefix: "mesh-it-", replicas: { gateway: 2 } })));
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await stopRunner(runner);
});

describe("live updates over Socket.IO", () => {
  it("gives every watcher on either replica the same ordered events, and alerts the outbid bidder", async () => {
    const id = await gateway.openAuction();
    const alice = await connect(0, "alice");
    const bob = await connect(1, "bob");
    const watcher = await connect(1);
    await Promise.all([alice.connected, bob.connected, watcher.connected]);
    for (const c of [alice, bob, watcher])
      expect(await c.join(id)).toMatchObject({ kind: "snapshot", snapshot: { auctionId: id, sequence: 0 } });

    expect(await alice.bid(id, 1000)).toMatchObject({ accepted: true, leading: true });
    expect(await bob.bid(id, 1100)).toMatchObject({ accepted: true, leading: true });
    expect(await watcher.bid(id, 5000)).toMatchObject({ accepted: false, code: "UNAUTHENTICATED" });

    await until("alice's outbid alert", async () => alice.alerts.length === 1);
    expect(alice.alerts[0]).toMatchObject({ type: "outbid", bidderId: await gateway.userId("alice"), currentPrice: 1100 });
    expect(bob.alerts).toEqual([]);
    for (const c of [alice, bob, watcher]) {
      await until("all three events", async () => sequences(c.events, id).length === 3);
      expect(sequences(c.events, id)).toEqual([1, 2, 3]);
    }
    expect(watcher.events).toEqual(alice.events);
  });

  it("refuses a connection with a bad token, with a code the client can branch on", async () => {
    const socket = io(`http://127.0.0.1:${mesh.ports.gatewayApp}`, {
      transports: ["websocket"],
      auth: { token: "not-a-jwt" },
      reconnection: false,
    });
    sockets.push(socket);
    const error = await new Promise<Error & { data?: { code: string } }>((r) => socket.once("connect_error", r));
    expect(error.data).toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("moves list cards on either replica at most once a second per auction, covering every bid", async () => {
    const [shown, other] = [await gateway.openAuction(), await gateway.openAuction()];
    const list = await connect(1);
    const updates: CardUpdate[] = [];
    list.socket.on(LiveMessages.cards, (u: CardUpdate) => updates.push(u));
    await list.connected;
    list.socket.emit(LiveMessages.watchCards, { auctionIds: [shown] });
    // Let the watch arrive before the bids (it is fire-and-forget, like a page's).
    await new Promise((r) => setTimeout(r, 300));
    const bidder = await connect(0, "carol");
    await bidder.connected;
    // A burst: some may be refused (another one of the burst got there first with more).
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => bidder.bid(shown, 1_000 + i * 100)));
    const accepted = answers.filter((a) => a.accepted).length;
    expect(accepted).toBeGreaterThan(0);
    expect((await bidder.bid(other, 1_000)).accepted).toBe(true);
    await until("the card to show every bid", async () => updates.flatMap((u) => u.bidSequences).length === accepted, 10_000);
    expect(updates.every((u) => u.auctionId === shown)).toBe(true);
    const top = Math.max(...answers.map((a, i) => (a.accepted ? 1_000 + i * 100 : 0)));
    expect(Math.max(...updates.map((u) => u.topBid ?? 0))).toBe(top);
  });

  it("resumes a dropped client with exactly the events it missed", async () => {
    const id = await gateway.openAuction();
    const first = await connect(1);
    await first.connected;
    await first.join(id);
    await gateway.bid(id, "carol", 1000);
    await until("the first event", async () => sequences(first.events, id).length === 1);
    first.socket.close(); // the connection drops

    await gateway.bid(id, "dave", 1100);
    await gateway.bid(id, "carol", 1200);
    // Wait until the replica has seen everything (1 bid + bid/outbid + bid/outbid = 5 events).
    await until("the gateway to have all events", async () => (await gateway.events(id)).length === 5);

    const again = await connect(1);
    await again.connected;
    const answer = await again.join(id, 1);
    expect(answer.kind).toBe("events");
    expect(answer.kind === "events" && answer.events.map((e) => e.sequence)).toEqual([2, 3, 4, 5]);
  });

  it("answers with a snapshot when it cannot prove it has every missed event", async () => {
    const id = await gateway.openAuction();
    const client = await connect(0);
    await client.connected;
    const answer = await client.join(id, 0);
    expect(answer).toMatchObject({ kind: "snapshot", snapshot: { auctionId: id } });
    expect(await client.join(auctionId("no-such"), 3)).toMatchObject({ kind: "error", code: "AUCTION_NOT_FOUND" });
  });

  it("200 clients × 20 bids on one auction: one identical ordered stream everywhere, every accepted bid once, one close, the right winner", {
    timeout: 180_000,
  }, async () => {
    const endsInSeconds = 50;
    const opened = Date.now();
    const id = await gateway.openAuction(endsInSeconds);
    const clients = await Promise.all(Array.from({ length: 200 }, (_, i) => connect((i % 2) as 0 | 1, `storm-${i}`)));
    await Promise.all(clients.map((c) => c.connected));
    await Promise.all(clients.map((c) => c.join(id)));

    const acks = await Promise.all(
      clients.map(async (c, i) => {
        const mine: { amount: number; answer: LiveBidAnswer }[] = [];
        let next = 1000;
        for (let k = 0; k < 20; k++) {
          const seen = c.events.filter((e) => e.type === "bid-placed").at(-1) as { minimumNextBid: number } | undefined;
          const amount = Math.max(next, seen?.minimumNextBid ?? 1000) + (i % 3) * 100;
          const answer = await c.bid(id, amount);
          mine.push({ amount, answer });
          if ("minimumNextBid" in answer && typeof answer.minimumNextBid === "number") next = answer.minimumNextBid;
        }
        const bidder = await gateway.userId(`storm-${i}`);
        return mine.map((m) => ({ ...m, bidder }));
      }),
    );
    const accepted = acks.flat().filter((a) => a.answer.accepted);
    expect(accepted.length).toBeGreaterThan(0);

    // Every client ends with the same stream, closed exactly once.
    await until(
      "the close at every client",
      async () => clients.every((c) => c.events.some((e) => e.auctionId === id && e.type === "auction-closed")),
      endsInSeconds * 1000 - (Date.now() - opened) + 30_000,
      500,
    );
    const reference = clients[0]?.events.filter((e) => e.auctionId === id) ?? [];
    expect(reference.map((e) => e.sequence)).toEqual(reference.map((_, i) => i + 1));
    for (const c of clients) expect(c.events.filter((e) => e.auctionId === id)).toEqual(reference);

    const placed = reference.flatMap((e) => (e.type === "bid-placed" ? [`${e.bidderId}:${e.amount}`] : []));
    expect(placed).toHaveLength(accepted.length);
    expect(new Set(placed).size).toBe(placed.length);
    for (const a of accepted) expect(placed).toContain(`${a.bidder}:${a.amount}`);
    const closes = reference.filter((e) => e.type === "auction-closed");
    expect(closes).toHaveLength(1);
    const last = reference.filter((e) => e.type === "bid-placed").at(-1) as { bidderId: string; amount: number };
    expect(closes[0]).toMatchObject({ winnerId: last.bidderId, finalPrice: last.amount, reserveMet: true });
  });
});
