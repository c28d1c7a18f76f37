/**
 * The gateway's metrics, counted by the real use case and hub: PlaceBid with the real rate
 * limiter before an actor that answers by amount, and LiveHub on a real Socket.IO server that a
 * client reaches over Engine.IO's long-polling transport (plain HTTP: no client library).
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuctionEvent, PlaceBidCommand, PlaceBidResult } from "@auction-mesh/contracts";
import { type ActorClient, createLogger, HttpError, ServiceMetrics, type TokenVerifier } from "@auction-mesh/service-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LiveFeed } from "../../src/domain/live-feed.js";
import { LiveHub } from "../../src/live.js";
import { GatewayMetrics } from "../../src/metrics.js";
import { PlaceBid } from "../../src/place-bid.js";
import { BidRateLimiter } from "../../src/rate-limits.js";
import type { Snapshots } from "../../src/snapshots.js";

let metrics: ServiceMetrics;
let gateway: GatewayMetrics;
beforeEach(() => {
  metrics = new ServiceMetrics("gateway", { defaultMetrics: false });
  gateway = new GatewayMetrics(metrics);
});

/** The actor through its sidecar: accepts 1,000 and up, refuses less; auction "down" does not answer. */
const actors = {
  invoke: async (_type: string, auctionId: string, _method: string, [commands]: [PlaceBidCommand[]]): Promise<PlaceBidResult[]> => {
    if (auctionId === "down") throw new HttpError(502, "UPSTREAM_FAILED", "sidecar unreachable");
    return commands.map((c) =>
      c.amount >= 1000
        ? {
            accepted: true,
            auctionId,
            leading: true,
            sequence: 1,
            currentPrice: c.amount,
            minimumNextBid: c.amount + 100,
            endsAt: "2026-01-01T13:00:00.000Z",
          }
        : { accepted: false, auctionId, code: "BID_TOO_LOW", message: "too low", minimumNextBid: 1000 },
    );
  },
} as unknown as ActorClient;

describe("bids placed through the gateway, by outcome", () => {
  it("counts accepted, refused, rate-limited and failed bids", async () => {
    const bids = new PlaceBid(actors, new BidRateLimiter({ perBidder: 3, perIp: 1000 }), gateway);
    const bidder = (id: string) => ({ id, token: `token-${id}`, ip: "10.0.0.1" });
    const place = (id: string, auctionId: string, amount: number) =>
      bids.place(bidder(id), { auctionId, amount, idempotencyKey: `key-${id}-${amount}` });
    expect((await place("ann", "a1", 1000)).accepted).toBe(true);
    expect((await place("ann", "a1", 500)).accepted).toBe(false);
    await expect(place("bob", "down", 1000)).rejects.toMatchObject({ status: 502 });
    await place("ann", "a1", 1100);
    await expect(place("ann", "a1", 1200)).rejects.toMatchObject({ status: 429 }); // ann's fourth in a second
    const outcome = (o: string) => metrics.value("auction_gateway_bids_total", { outcome: o });
    expect([await outcome("accepted"), await outcome("refused"), await outcome("rate_limited"), await outcome("failed")]).toEqual([
      2, 1, 1, 1,
    ]);
  });
});

/** A Socket.IO client at the protocol level (Engine.IO 4 long-polling): connect to "/", then leave. */
function pollingClient(base: string) {
  let sid = "";
  const url = () => `${base}/socket.io/?EIO=4&transport=polling${sid ? `&sid=${sid}` : ""}`;
  const send = (packet: string) => fetch(url(), { method: "POST", body: packet }).then((r) => r.text());
  const receive = () => fetch(url()).then((r) => r.text());
  return {
    async connect(): Promise<void> {
      const open = await receive(); // 0{"sid":…}: the Engine.IO session
      sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      await send("40"); // CONNECT to the main namespace
      expect(await receive()).toMatch(/^40/); // the server's CONNECT answer: "connection" has run
    },
    leave: () => send("41"), // DISCONNECT from the namespace
  };
}

describe("the live hub", () => {
  let server: Server;
  let hub: LiveHub;
  let base: string;
  beforeEach(async () => {
    const verifier = { verify: async () => ({}) } as unknown as TokenVerifier;
    const bids = new PlaceBid(actors, new BidRateLimiter({ perBidder: 10, perIp: 10 }), gateway);
    hub = new LiveHub({} as Snapshots, new LiveFeed<AuctionEvent>(), createLogger("gateway", "silent"), verifier, bids, 0, gateway);
    server = createServer();
    hub.attach(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await hub.close();
    server.close();
  });

  it("counts the sockets connected, and no longer those that left", async () => {
    const ann = pollingClient(base);
    const bob = pollingClient(base);
    await ann.connect();
    await bob.connect();
    expect(await metrics.value("auction_live_watchers")).toBe(2);
    await ann.leave();
    await expect.poll(() => metrics.value("auction_live_watchers")).toBe(1);
  });

  it("observes each event's lag from its `at` when its frame reaches a room's watchers, and none for an empty room", async () => {
    const event = (sequence: number, agoMs: number): AuctionEvent => ({
      type: "bid-placed",
      auctionId: "a1",
      sequence,
      at: new Date(Date.now() - agoMs).toISOString(),
      bidderId: "ann",
      amount: 1000 + sequence,
      auto: false,
      minimumNextBid: 1100 + sequence,
    });
    hub.publish([event(1, 0)]); // nobody watches a1 yet
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await metrics.value("auction_live_fanout_lag_seconds_count")).toBe(0);

    await pollingClient(base).connect();
    hub.io.socketsJoin("auction:a1"); // as auction:join does
    hub.publish([event(2, 2_000), event(3, 2_000)]);
    await expect.poll(() => metrics.value("auction_live_fanout_lag_seconds_count")).toBe(2);
    const sum = await metrics.value("auction_live_fanout_lag_seconds_sum");
    expect(sum).toBeGreaterThanOrEqual(4);
    expect(sum).toBeLessThan(5);
    // Two seconds late: above the 1 s bucket, within 2.5 s.
    expect(await metrics.value("auction_live_fanout_lag_seconds_bucket", { le: "1" })).toBe(0);
    expect(await metrics.value("auction_live_fanout_lag_seconds_bucket", { le: "2.5" })).toBe(2);
  });
});
