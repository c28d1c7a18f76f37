/**
 * The key figures against a stand-in for Prometheus' HTTP API: a real HTTP server answering the
 * JSON shapes Prometheus 2.42 (Debian's) answered for these queries, recorded from a live one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIGURE_QUERIES, figuresReply, keyFigures, sampleValue } from "../../src/dashboard-figures.js";

const AT = 1795837670.11;

/** An element of an instant vector, as /api/v1/query answers it. */
const sample = (name: string, labels: Record<string, string>, value: string) => ({
  metric: { __name__: name, ...labels },
  value: [AT, value],
});

const vector = (result: unknown[]) => ({ status: "success", data: { resultType: "vector", result } });

/** A mesh a few minutes into a run: two services with traffic, a bid refused, one target down, one alert firing and one pending. */
const BUSY: Record<string, unknown[]> = {
  [FIGURE_QUERIES.requests]: [
    sample(FIGURE_QUERIES.requests, { service: "gateway" }, "12.5"),
    sample(FIGURE_QUERIES.requests, { service: "bidding" }, "3.2"),
  ],
  // 0/0: bidding answered nothing in the window, so its ratio is NaN.
  [FIGURE_QUERIES.errors]: [
    sample(FIGURE_QUERIES.errors, { service: "gateway" }, "0.02"),
    sample(FIGURE_QUERIES.errors, { service: "bidding" }, "NaN"),
  ],
  [FIGURE_QUERIES.latency]: [sample(FIGURE_QUERIES.latency, { service: "gateway" }, "0.0475")],
  [FIGURE_QUERIES.cpu]: [
    sample(FIGURE_QUERIES.cpu, { service: "gateway" }, "0.031"),
    sample(FIGURE_QUERIES.cpu, { service: "bidding" }, "0.012"),
    // A service the dashboard was not told of (another replica set, say) still gets its row.
    sample(FIGURE_QUERIES.cpu, { service: "audit" }, "0.004"),
  ],
  [FIGURE_QUERIES.accepted]: [sample(FIGURE_QUERIES.accepted, {}, "0.0333")],
  [FIGURE_QUERIES.refused]: [
    sample(FIGURE_QUERIES.refused, { code: "BID_TOO_LOW" }, "0.0167"),
    sample(FIGURE_QUERIES.refused, { code: "AUCTION_CLOSED" }, "0"),
  ],
  // No observation in the window: histogram_quantile over zero rates.
  [FIGURE_QUERIES.turn]: [sample(FIGURE_QUERIES.turn, {}, "NaN")],
  [FIGURE_QUERIES.fanoutLag]: [sample(FIGURE_QUERIES.fanoutLag, {}, "0.012")],
  [FIGURE_QUERIES.watchers]: [sample(FIGURE_QUERIES.watchers, {}, "2")],
  [FIGURE_QUERIES.up]: [
    sample("up", { instance: "127.0.0.1:6000", job: "apps", replica: "gateway-0", service: "gateway" }, "1"),
    sample("up", { instance: "127.0.0.1:6001", job: "sidecars", replica: "gateway-0", service: "gateway" }, "1"),
    sample("up", { instance: "127.0.0.1:6100", job: "apps", replica: "media-0", service: "media" }, "0"),
  ],
};

const ALERTS = {
  status: "success",
  data: {
    alerts: [
      {
        labels: { alertname: "HighErrorRate", service: "gateway", severity: "page" },
        annotations: { summary: "gateway answers 6% of requests with a 5xx" },
        state: "pending",
        activeAt: "2026-11-28T03:47:40.821907239Z",
        value: "6e-02",
      },
      {
        labels: { alertname: "TargetDown", instance: "127.0.0.1:6100", job: "apps", service: "media", severity: "page" },
        annotations: { summary: "apps target 127.0.0.1:6100 (media) is not answering its metrics scrape" },
        state: "firing",
        activeAt: "2026-11-28T03:47:43.821907239Z",
        value: "0e+00",
      },
    ],
  },
};

/** What the stand-in answers next: recorded series, or a way of failing. */
type Mode = "busy" | "empty" | "starting" | "bad-query" | "hang" | "drop";

function standIn() {
  const asked: string[] = [];
  let mode: Mode = "busy";
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://prometheus");
    asked.push(`${req.method} ${url.pathname}${url.searchParams.has("query") ? ` ${url.searchParams.get("query")}` : ""}`);
    if (mode === "hang") return; // never answers
    if (mode === "drop") return req.socket.destroy(); // the connection ends with no answer
    // Prometheus before its TSDB is ready: a plain-text 503.
    if (mode === "starting") return res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable\n");
    if (mode === "bad-query") {
      return json(res, 400, { status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:4: parse error' });
    }
    if (url.pathname === "/api/v1/alerts") return json(res, 200, mode === "busy" ? ALERTS : { status: "success", data: { alerts: [] } });
    if (url.pathname === "/api/v1/query")
      return json(res, 200, vector(mode === "busy" ? (BUSY[url.searchParams.get("query") ?? ""] ?? []) : []));
    json(res, 404, { status: "error", errorType: "not_found", error: "not found" });
  });
  return { server, asked, setMode: (m: Mode) => (mode = m) };
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe("a sample's value", () => {
  it("is the number, or null for NaN, ±Inf and no sample", () => {
    expect(sampleValue({ metric: {}, value: [AT, "0.25"] })).toBe(0.25);
    expect(sampleValue({ metric: {}, value: [AT, "0"] })).toBe(0);
    for (const text of ["NaN", "+Inf", "-Inf"]) expect(sampleValue({ metric: {}, value: [AT, text] }), text).toBeNull();
    expect(sampleValue(undefined)).toBeNull();
  });
});

describe("the key figures", () => {
  const prometheus = standIn();
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((r) => prometheus.server.listen(0, "127.0.0.1", r));
    base = urlOf(prometheus.server);
  });
  afterAll(() => {
    prometheus.server.closeAllConnections();
    prometheus.server.close();
  });
  beforeEach(() => {
    prometheus.asked.length = 0;
    prometheus.setMode("busy");
  });

  it("asks Prometheus for each recorded series, `up` and the alerts, with GETs", async () => {
    await keyFigures(base, []);
    expect(prometheus.asked.sort()).toEqual(
      [...Object.values(FIGURE_QUERIES).map((q) => `GET /api/v1/query ${q}`), "GET /api/v1/alerts"].sort(),
    );
  });

  it("answers a row per service, the bidding figures, targets up and the firing alerts", async () => {
    const figures = await keyFigures(base, ["bidding", "gateway", "media"]);
    expect(Date.parse(figures.at)).not.toBeNaN();
    expect(figures.services).toEqual([
      { service: "audit", requestsPerSecond: null, errorRatio: null, latencyP95Seconds: null, cpuCores: 0.004 },
      { service: "bidding", requestsPerSecond: 3.2, errorRatio: null, latencyP95Seconds: null, cpuCores: 0.012 },
      { service: "gateway", requestsPerSecond: 12.5, errorRatio: 0.02, latencyP95Seconds: 0.0475, cpuCores: 0.031 },
      { service: "media", requestsPerSecond: null, errorRatio: null, latencyP95Seconds: null, cpuCores: null },
    ]);
    expect(figures.bidding).toEqual({
      acceptedPerSecond: 0.0333,
      refusedPerSecond: 0.0167,
      refusedPerSecondByCode: { BID_TOO_LOW: 0.0167, AUCTION_CLOSED: 0 },
      turnP95Seconds: null,
      fanoutLagP95Seconds: 0.012,
      liveWatchers: 2,
    });
    expect(figures.targets).toEqual({ up: 2, total: 3, down: [{ job: "apps", instance: "127.0.0.1:6100", service: "media" }] });
    expect(figures.alerts).toEqual([
      {
        name: "TargetDown",
        severity: "page",
        summary: "apps target 127.0.0.1:6100 (media) is not answering its metrics scrape",
        since: "2026-11-28T03:47:43.821907239Z",
      },
    ]);
  });

  it("answers null for every figure before anything was scraped, and still a row per service", async () => {
    prometheus.setMode("empty");
    const reply = await figuresReply(base, ["gateway"]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      services: [{ service: "gateway", requestsPerSecond: null, errorRatio: null, latencyP95Seconds: null, cpuCores: null }],
      bidding: {
        acceptedPerSecond: null,
        refusedPerSecond: null,
        refusedPerSecondByCode: {},
        turnP95Seconds: null,
        fanoutLagP95Seconds: null,
        liveWatchers: null,
      },
      targets: { up: 0, total: 0, down: [] },
      alerts: [],
    });
  });

  it("says NO_PROMETHEUS, in one sentence, when the mesh runs none", async () => {
    const reply = await figuresReply(undefined, ["gateway"]);
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: "NO_PROMETHEUS", message: expect.stringMatching(/^This mesh runs no Prometheus [^.]*\.$/) });
  });

  it("says PROMETHEUS_UNREACHABLE when the connection ends with no answer (nothing listening: dashboard.test.ts)", async () => {
    prometheus.setMode("drop");
    expect(await figuresReply(base, [])).toEqual({
      status: 503,
      body: { code: "PROMETHEUS_UNREACHABLE", message: `Prometheus at ${base} does not answer` },
    });
  });

  it("says PROMETHEUS_UNREACHABLE while Prometheus is starting (503), and with its error for a refused query", async () => {
    prometheus.setMode("starting");
    expect(await figuresReply(base, [])).toEqual({
      status: 503,
      body: { code: "PROMETHEUS_UNREACHABLE", message: `Prometheus at ${base} answered 503` },
    });
    prometheus.setMode("bad-query");
    expect(await figuresReply(base, [])).toEqual({
      status: 503,
      body: { code: "PROMETHEUS_UNREACHABLE", message: `Prometheus at ${base} answered 400: invalid parameter "query": 1:4: parse error` },
    });
  });

  it("gives up on a Prometheus that does not answer in time", async () => {
    prometheus.setMode("hang");
    const started = Date.now();
    const reply = await figuresReply(base, [], 200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reply).toEqual({ status: 503, body: { code: "PROMETHEUS_UNREACHABLE", message: `Prometheus at ${base} does not answer` } });
  });
});
