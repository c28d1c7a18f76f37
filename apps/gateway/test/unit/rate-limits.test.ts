import type { AuctionEvent, LiveBidRequest } from "@auction-mesh/contracts";
import { createLogger, errorHandler, type TokenVerifier } from "@auction-mesh/service-kit";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { LiveFeed } from "../../src/domain/live-feed.js";
import type { Bidder, PlaceBid } from "../../src/place-bid.js";
import { BidRateLimiter } from "../../src/rate-limits.js";
import { liveRoutes } from "../../src/routes.js";
import type { Snapshots } from "../../src/snapshots.js";

/** The REST bid route with the real limiter in front of an actor that accepts everything. */
function app(perBidder: number, perIp: number) {
  const limiter = new BidRateLimiter({ perBidder, perIp });
  // The token names the bidder here; the real verifier checks a signed one.
  const verifier = { verify: async (token: string) => ({ sub: token, name: token, roles: ["bidder"] }) } as unknown as TokenVerifier;
  const bids = {
    place: async (bidder: Bidder, bid: LiveBidRequest) => {
      await limiter.check(bidder.id, bidder.ip);
      return {
        accepted: true,
        auctionId: bid.auctionId,
        leading: true,
        sequence: 1,
        currentPrice: bid.amount,
        minimumNextBid: bid.amount + 1,
        endsAt: new Date().toISOString(),
      };
    },
  } as unknown as PlaceBid;
  const a = express();
  a.use(express.json());
  a.use(liveRoutes({} as Snapshots, new LiveFeed<AuctionEvent>(), verifier, bids));
  a.use(errorHandler(createLogger("test", "silent")));
  let n = 0;
  return (bidder: string) =>
    request(a)
      .post("/api/auctions/a1/bids")
      .set("authorization", `Bearer ${bidder}`)
      .send({ amount: 1000, idempotencyKey: `rate-key-${++n}` });
}

describe("bid rate limits (BidRateLimiter behind the REST bid route)", () => {
  it("refuses a bidder over its rate with 429 RATE_LIMITED and when to retry", async () => {
    const bid = app(2, 100);
    expect((await bid("b1")).status).toBe(201);
    expect((await bid("b1")).status).toBe(201);
    const refused = await bid("b1");
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterMs: expect.any(Number) } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await bid("b2")).status).toBe(201);
  });

  it("refuses one address over its rate whatever bidders it names", async () => {
    const bid = app(100, 3);
    for (const b of ["x", "y", "z"]) expect((await bid(b)).status).toBe(201);
    expect((await bid("w")).body.code).toBe("RATE_LIMITED");
  });
});
