import { createLogger, errorHandler } from "@auction-mesh/service-kit";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { BidRateLimiter } from "../../src/rate-limits.js";

function app(perBidder: number, perIp: number) {
  const limiter = new BidRateLimiter({ perBidder, perIp });
  const a = express();
  a.use(express.json());
  a.post(
    "/bids",
    // In the gateway requireUser() sets the user from the bearer token; here the body names it.
    (req, res, next) => {
      res.locals.user = { sub: (req.body as { bidderId?: string }).bidderId };
      next();
    },
    limiter.middleware(),
    (_req, res) => {
      res.status(201).json({ ok: true });
    },
  );
  a.use(errorHandler(createLogger("test", "silent")));
  return a;
}

describe("BidRateLimiter", () => {
  it("refuses a bidder over its rate with 429 RATE_LIMITED and when to retry", async () => {
    const a = app(2, 100);
    expect((await request(a).post("/bids").send({ bidderId: "b1" })).status).toBe(201);
    expect((await request(a).post("/bids").send({ bidderId: "b1" })).status).toBe(201);
    const refused = await request(a).post("/bids").send({ bidderId: "b1" });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterMs: expect.any(Number) } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await request(a).post("/bids").send({ bidderId: "b2" })).status).toBe(201);
  });

  it("refuses one address over its rate whatever bidders it names", async () => {
    const a = app(100, 3);
    for (const b of ["x", "y", "z"]) expect((await request(a).post("/bids").send({ bidderId: b })).status).toBe(201);
    expect((await request(a).post("/bids").send({ bidderId: "w" })).body.code).toBe("RATE_LIMITED");
  });
});
