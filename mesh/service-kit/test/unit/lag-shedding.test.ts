import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../src/http-errors.js";
import { LagShedder } from "../../src/lag-shedder.js";
import { eventLoopLag, lagSheddingMiddleware, startLagShedding } from "../../src/load-shedding.js";
import { createLogger } from "../../src/logger.js";

/** A lag source the test sets: the worst event-loop delay seen since the last read. */
function fakeLag() {
  let next = 0;
  return { set: (ms: number) => (next = ms), source: { read: () => next } };
}

describe("LagShedder", () => {
  it("sheds once a window's event-loop delay passes the bound, and recovers when it falls back", () => {
    const lag = fakeLag();
    const shedder = new LagShedder({ maxDelayMs: 200, lag: lag.source });
    expect(shedder.verdict()).toEqual({ shed: false });
    lag.set(150);
    shedder.sample();
    expect(shedder.verdict()).toEqual({ shed: false });
    lag.set(450);
    shedder.sample();
    expect(shedder.verdict()).toEqual({ shed: true, delayMs: 450, retryAfterSeconds: 1 });
    // Still lagging in the next window: still shedding.
    lag.set(201);
    shedder.sample();
    expect(shedder.verdict().shed).toBe(true);
    lag.set(12);
    shedder.sample();
    expect(shedder.verdict()).toEqual({ shed: false });
  });

  it("never sheds when the bound is 0 (switched off)", () => {
    const lag = fakeLag();
    const shedder = new LagShedder({ maxDelayMs: 0, lag: lag.source });
    lag.set(10_000);
    shedder.sample();
    expect(shedder.verdict().shed).toBe(false);
  });

  it("asks for a longer wait when the lag is longer (at least 1 s)", () => {
    const lag = fakeLag();
    const shedder = new LagShedder({ maxDelayMs: 200, lag: lag.source });
    lag.set(2600);
    shedder.sample();
    expect(shedder.verdict()).toMatchObject({ shed: true, retryAfterSeconds: 3 });
  });
});

describe("lagSheddingMiddleware", () => {
  function app() {
    const lag = fakeLag();
    const shedder = new LagShedder({ maxDelayMs: 100, lag: lag.source });
    const a = express();
    a.use(lagSheddingMiddleware(shedder, { only: (path) => path.startsWith("/api/") }));
    const ok = (_req: express.Request, res: express.Response) => {
      res.json({ ok: true });
    };
    for (const path of ["/api/auctions", "/healthz/ready", "/healthz/live", "/events/auction", "/dapr/config", "/actors/x", "/app.js"]) {
      a.all(path, ok);
    }
    a.use(errorHandler(createLogger("test", "silent")));
    return { a, lag, shedder };
  }

  it("answers API requests 503 OVERLOADED with Retry-After while lagging, then serves them again", async () => {
    const { a, lag, shedder } = app();
    expect((await request(a).get("/api/auctions")).status).toBe(200);
    lag.set(500);
    shedder.sample();
    const shed = await request(a).get("/api/auctions");
    expect(shed.status).toBe(503);
    expect(shed.headers["retry-after"]).toBe("1");
    expect(shed.body).toMatchObject({ code: "OVERLOADED", message: expect.stringMatching(/busy/) });
    lag.set(3);
    shedder.sample();
    expect((await request(a).get("/api/auctions")).status).toBe(200);
  });

  it("never sheds health probes, sidecar deliveries or what is not the API", async () => {
    const { a, lag, shedder } = app();
    lag.set(500);
    shedder.sample();
    for (const path of ["/healthz/ready", "/healthz/live", "/app.js"]) expect((await request(a).get(path)).status).toBe(200);
    for (const path of ["/events/auction", "/dapr/config", "/actors/x"]) expect((await request(a).post(path)).status).toBe(200);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const blockLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // nothing: the event loop is blocked
  }
};

describe("the real event loop (perf_hooks)", () => {
  it("eventLoopLag reports a blocked loop as lag, once: the next window starts afresh", async () => {
    const lag = eventLoopLag(10);
    try {
      await sleep(50);
      lag.read();
      // The histogram drops the delay it was timing when reset: a block right after a read is
      // the sampler's job (next test); here the histogram gets a tick first.
      await sleep(20);
      blockLoop(300);
      await sleep(30);
      expect(lag.read()).toBeGreaterThanOrEqual(250);
      await sleep(50);
      expect(lag.read()).toBeLessThan(250);
    } finally {
      lag.stop();
    }
  });

  it("startLagShedding sheds after the loop was blocked past the bound and recovers once a window passes without lag", async () => {
    const { shedder, stop } = startLagShedding({ maxDelayMs: 150, windowMs: 200 });
    try {
      await sleep(300);
      expect(shedder.verdict().shed).toBe(false);
      blockLoop(400);
      // The window timer fired late, right after the block: the window that follows sheds.
      await sleep(20);
      expect(shedder.verdict()).toMatchObject({ shed: true, retryAfterSeconds: 1 });
      await sleep(450);
      expect(shedder.verdict().shed).toBe(false);
    } finally {
      stop();
    }
  });
});
