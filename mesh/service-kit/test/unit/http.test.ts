import { Writable } from "node:stream";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HealthPaths, healthRouter } from "../../src/health.js";
import { errorHandler, HttpError, notFoundHandler, overloaded, parseOr400 } from "../../src/http-errors.js";
import { createLogger } from "../../src/logger.js";
import { appTokenMiddleware, traceContextMiddleware } from "../../src/middleware.js";
import { startTracing } from "../../src/trace.js";

const TOKEN = "a-token-of-enough-length";

// What MeshService does first: the trace context follows each request's awaits.
startTracing("test");

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger("test", "info", stream) };
}

function app(ready = true) {
  const { lines, logger } = capture();
  const a = express();
  a.use(express.json());
  a.use(traceContextMiddleware);
  a.use(appTokenMiddleware(TOKEN, [...Object.values(HealthPaths), "/api"]));
  a.use(healthRouter({ dependency: async () => (ready ? { ok: true } : { ok: false, detail: "db down" }) }, () => false));
  a.post("/internal/echo", (req, res) => {
    const body = parseOr400(z.object({ n: z.number() }).strict(), req.body);
    logger.info({ n: body.n }, "echo");
    res.json(body);
  });
  a.get("/api/public", (_req, res) => {
    res.json({ ok: true });
  });
  a.get("/boom", () => {
    throw new Error("secret internals");
  });
  a.get("/busy", () => {
    throw overloaded("hashing is saturated", 3);
  });
  a.get("/teapot", () => {
    throw new HttpError(418, "TEAPOT", "short and stout");
  });
  a.get("/upstream", () => {
    throw new HttpError(502, "UPSTREAM_FAILED", "identity/users/login failed: status 500", undefined, {
      errorCode: "ERR_DIRECT_INVOKE",
      message: "dial tcp 127.0.0.1:7300: connect: connection refused",
    });
  });
  a.use(notFoundHandler);
  a.use(errorHandler(logger));
  return { a, lines };
}

describe("app token", () => {
  it("refuses a call without the sidecar's token, naming the reason", async () => {
    const res = await request(app().a).post("/internal/echo").send({ n: 1 });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("APP_TOKEN_MISSING");
  });

  it("refuses a wrong token", async () => {
    const res = await request(app().a).post("/internal/echo").set("dapr-api-token", "x".repeat(TOKEN.length)).send({ n: 1 });
    expect(res.body.code).toBe("APP_TOKEN_INVALID");
  });

  it("accepts the right token", async () => {
    const res = await request(app().a).post("/internal/echo").set("dapr-api-token", TOKEN).send({ n: 1 });
    expect(res.status).toBe(200);
  });

  it("leaves health probes and public paths open", async () => {
    const { a } = app();
    expect((await request(a).get(HealthPaths.live)).status).toBe(200);
    expect((await request(a).get("/api/public")).status).toBe(200);
  });
});

describe("errors", () => {
  it("answers invalid input with 400 VALIDATION_FAILED naming the field", async () => {
    const res = await request(app().a).post("/internal/echo").set("dapr-api-token", TOKEN).send({ n: "one" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_FAILED");
    expect(res.body.details[0].path).toBe("n");
  });

  it("answers malformed JSON with 400 MALFORMED_JSON", async () => {
    const res = await request(app().a)
      .post("/internal/echo")
      .set("dapr-api-token", TOKEN)
      .set("content-type", "application/json")
      .send("{nope");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("MALFORMED_JSON");
  });

  it("never leaks an unexpected error's message or stack", async () => {
    const res = await request(app().a).get("/boom").set("dapr-api-token", TOKEN);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: "INTERNAL", message: "Internal error" });
  });

  it("logs what a failed upstream call answered, and keeps it from the caller", async () => {
    const { a, lines } = app();
    const res = await request(a).get("/upstream").set("dapr-api-token", TOKEN);
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ code: "UPSTREAM_FAILED", message: "identity/users/login failed: status 500" });
    const logged = lines.find((l) => l.msg === "request failed") as { err?: { upstream?: unknown } } | undefined;
    expect(logged?.err?.upstream).toMatchObject({
      errorCode: "ERR_DIRECT_INVOKE",
      message: "dial tcp 127.0.0.1:7300: connect: connection refused",
    });
  });

  it("keeps an HttpError's status and code", async () => {
    const res = await request(app().a).get("/teapot").set("dapr-api-token", TOKEN);
    expect(res.status).toBe(418);
    expect(res.body.code).toBe("TEAPOT");
  });

  it("answers an overload with 503 OVERLOADED and Retry-After, logged as a warning, not an error", async () => {
    const { a, lines } = app();
    const res = await request(a).get("/busy").set("dapr-api-token", TOKEN);
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("3");
    expect(res.body).toEqual({ code: "OVERLOADED", message: "hashing is saturated", details: { retryAfterSeconds: 3 } });
    expect(lines.find((l) => l.msg === "request shed")).toMatchObject({ level: "warn", code: "OVERLOADED", retryAfterSeconds: 3 });
    expect(lines.some((l) => l.msg === "request failed")).toBe(false);
  });

  it("answers unknown routes with 404 ROUTE_NOT_FOUND", async () => {
    const res = await request(app().a).get("/nowhere").set("dapr-api-token", TOKEN);
    expect(res.body.code).toBe("ROUTE_NOT_FOUND");
  });
});

describe("trace context", () => {
  it("logs the caller's W3C trace id on every line of the request", async () => {
    const { a, lines } = app();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await request(a)
      .post("/internal/echo")
      .set("dapr-api-token", TOKEN)
      .set("traceparent", `00-${traceId}-00f067aa0ba902b7-01`)
      .send({ n: 2 });
    expect(lines.find((l) => l.msg === "echo")).toMatchObject({ trace_id: traceId, service: "test", n: 2 });
  });

  it("starts a new trace when the caller sent none, and returns it", async () => {
    const res = await request(app().a).get("/api/public");
    expect(res.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("leaves health probes out of traces", async () => {
    const res = await request(app().a).get(HealthPaths.live);
    expect(res.headers.traceparent).toBeUndefined();
  });
});

describe("readiness", () => {
  it("is 503 naming the failing check", async () => {
    const res = await request(app(false).a).get(HealthPaths.ready);
    expect(res.status).toBe(503);
    expect(res.body.checks.dependency).toEqual({ ok: false, detail: "db down" });
  });
});
