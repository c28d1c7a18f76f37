import { describe, expect, it } from "vitest";
import { traceDetail, traceList, waterfall } from "../../src/dashboard-traces.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const node = [{ key: "telemetry.sdk.language", type: "string", value: "nodejs" }];
const daprd = [{ key: "telemetry.sdk.language", type: "string", value: "go" }];
const scope = [{ key: "otel.scope.name", type: "string", value: "auction-mesh" }];
const child = (spanID: string) => [{ refType: "CHILD_OF", traceID: TRACE, spanID }];

/** A trace as Jaeger's query API answers it (GET /api/traces/<id>): a bid through the gateway into bidding. */
const jaegerTrace = {
  traceID: TRACE,
  processes: {
    p1: { serviceName: "gateway", tags: node },
    p2: { serviceName: "gateway", tags: daprd },
    p3: { serviceName: "bidding", tags: node },
  },
  spans: [
    // Out of order, as Jaeger may list them.
    {
      spanID: "c",
      operationName: "AuctionActor.placeBids turn",
      references: child("b"),
      startTime: 1_000_300,
      duration: 500,
      tags: scope,
      processID: "p3",
    },
    {
      spanID: "a",
      operationName: "POST /api/auctions/:auctionId/bids",
      startTime: 1_000_000,
      duration: 2_000,
      tags: [...scope, { key: "span.kind", value: "server" }],
      processID: "p1",
    },
    {
      spanID: "b",
      operationName: "CallActor/AuctionActor/placeBids",
      references: child("a"),
      startTime: 1_000_100,
      duration: 1_200,
      tags: [{ key: "error", type: "bool", value: true }],
      processID: "p2",
    },
  ],
};

describe("waterfall", () => {
  const w = waterfall(jaegerTrace);

  it("orders spans by start, on a time line from the first, each at its depth under its parent", () => {
    expect(w.durationUs).toBe(2_000);
    expect(w.spans.map((s) => [s.name, s.startUs, s.depth, s.parentId])).toEqual([
      ["POST /api/auctions/:auctionId/bids", 0, 0, undefined],
      ["CallActor/AuctionActor/placeBids", 100, 1, "a"],
      ["AuctionActor.placeBids turn", 300, 2, "b"],
    ]);
  });

  it("tells a sidecar's spans from its app's, both reported under the app id", () => {
    expect(w.spans.map((s) => [s.service, s.sidecar])).toEqual([
      ["gateway", false],
      ["gateway", true],
      ["bidding", false],
    ]);
  });

  it("marks failed spans and keeps the span kind", () => {
    expect(w.spans.map((s) => s.error)).toEqual([false, true, false]);
    expect(w.spans[0]?.kind).toBe("server");
  });
});

describe("the trace routes", () => {
  // Nothing listens there: a route that asked Jaeger would answer 502, not its own 400.
  const nowhere = "http://127.0.0.1:9";

  it("refuse what is not a trace id or an app id before asking Jaeger", async () => {
    expect(await traceDetail(nowhere, "../api/services")).toMatchObject({ status: 400, body: { code: "INVALID_TRACE_ID" } });
    expect(await traceList(nowhere, "gateway&limit=100000")).toMatchObject({ status: 400, body: { code: "INVALID_SERVICE" } });
    expect(await traceDetail(nowhere, TRACE)).toMatchObject({ status: 502, body: { code: "TRACE_STORE_UNREACHABLE" } });
  });

  it("say so when the mesh runs no Jaeger", async () => {
    expect(await traceDetail(undefined, TRACE)).toMatchObject({ status: 503, body: { code: "NO_TRACE_STORE" } });
    expect(await traceList(undefined, "gateway")).toMatchObject({ status: 503, body: { code: "NO_TRACE_STORE" } });
  });
});
