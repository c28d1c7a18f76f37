import { readFileSync } from "node:fs";
import type { DaprClient } from "@dapr/dapr";
import { SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import express from "express";
import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { Batcher } from "../../src/batcher.js";
import { ServiceMetrics } from "../../src/metrics.js";
import { traceContextMiddleware } from "../../src/middleware.js";
import { Sidecar } from "../../src/sidecar.js";
import { contextFrom, currentTrace, inSpan, SpanKind, startTracing, traceHeaders } from "../../src/trace.js";

/** A message bidding really published (captured from a mesh run for the Go service's tests). */
const CAPTURED_BID = JSON.parse(
  readFileSync(new URL("../../../../apps/audit/testdata/messages/auction.events/bid-placed.json", import.meta.url), "utf8"),
);
const exporter = new InMemorySpanExporter();
startTracing("test", undefined, [new SimpleSpanProcessor({ exporter })]);
const CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().find((s) => s.name === name);

beforeEach(() => exporter.reset());

describe("server spans", () => {
  const app = express();
  app.use(new ServiceMetrics("test", { defaultMetrics: false }).requests);
  app.use(traceContextMiddleware);
  app.post("/api/auctions/:id/bids", async (_req, res) => {
    await inSpan("inner work", {}, async () => undefined);
    res.json({ traceparent: currentTrace()?.traceparent });
  });
  app.get("/fails", (_req, res) => {
    res.status(502).end();
  });

  it("continue the caller's trace, named after the route pattern, and the work inside is their child", async () => {
    const res = await request(app).post("/api/auctions/a-1/bids").set("traceparent", CALLER);
    const server = named("POST /api/auctions/:id/bids");
    expect(server?.spanContext().traceId).toBe(CALLER_TRACE);
    expect(server?.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.attributes).toMatchObject({ "http.route": "/api/auctions/:id/bids", "http.response.status_code": 200 });
    expect(named("inner work")?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(res.headers.traceparent).toBe(`00-${CALLER_TRACE}-${server?.spanContext().spanId}-01`);
  });

  it("are marked failed on a 5xx answer", async () => {
    await request(app).get("/fails");
    expect(named("GET /fails")?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("inSpan", () => {
  it("records what was thrown, fails the span and rethrows", async () => {
    await expect(
      inSpan("doomed", {}, () => {
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(named("doomed")?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "no" });
    expect(named("doomed")?.events[0]?.name).toBe("exception");
  });

  it("starts in the context a caller sent (a socket message's traceparent)", async () => {
    await inSpan("socket bid", { kind: SpanKind.SERVER, parent: contextFrom({ traceparent: CALLER }) }, () => undefined);
    expect(named("socket bid")?.spanContext().traceId).toBe(CALLER_TRACE);
  });
});

describe("calls through the sidecar", () => {
  it("put the publish span's traceparent into the CloudEvent", async () => {
    let metadata: Record<string, string> | undefined;
    const client = {
      pubsub: {
        publish: async (_pubsub: string, _topic: string, _data: unknown, options: { metadata?: Record<string, string> }) => {
          metadata = options.metadata;
          return {};
        },
      },
    } as unknown as DaprClient;
    await inSpan("request", { parent: contextFrom({ traceparent: CALLER }) }, () =>
      new Sidecar(client).publish("auction.events", CAPTURED_BID),
    );
    const publish = spans().find((s) => s.name.startsWith("publish "));
    if (!publish) return expect.fail(`no publish span among ${spans().map((s) => s.name)}`);
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(metadata?.["cloudevent.traceparent"]).toBe(`00-${CALLER_TRACE}-${publish.spanContext().spanId}-01`);
  });

  it("send a batch in its first caller's trace", async () => {
    let seen: string | undefined;
    const batcher = new Batcher<string, number, number>(async (_key, items) => {
      seen = traceHeaders().traceparent;
      return items;
    });
    await inSpan("bidder", { parent: contextFrom({ traceparent: CALLER }) }, () => batcher.submit("a-1", 1));
    expect(seen).toBe(`00-${CALLER_TRACE}-${named("bidder")?.spanContext().spanId}-01`);
  });
});
