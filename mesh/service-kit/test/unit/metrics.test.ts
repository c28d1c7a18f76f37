import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { errorHandler, HttpError, notFoundHandler } from "../../src/http-errors.js";
import { createLogger } from "../../src/logger.js";
import { MetricsPath, ServiceMetrics, UNMATCHED_ROUTE } from "../../src/metrics.js";
import { MeshService } from "../../src/service.js";

const TOKEN = "a-token-of-enough-length";

/**
 * A real MeshService with an invocation route of its own, not started: supertest drives its
 * Express app, ending with the handlers start() adds.
 */
function service(metrics?: ServiceMetrics) {
  const config = loadConfig({}, { APP_ID: "bidding", APP_PORT: "7100", APP_API_TOKEN: TOKEN });
  const logger = createLogger("bidding", "silent");
  const s = new MeshService({ config, logger, ...(metrics ? { metrics } : {}) });
  s.app.get("/auctions/:auctionId/snapshot", (req, res) => {
    if (req.params.auctionId === "missing") throw new HttpError(404, "NOT_FOUND", "no such auction");
    res.json({ auctionId: req.params.auctionId });
  });
  s.app.use(notFoundHandler);
  s.app.use(errorHandler(logger));
  return s;
}

describe("GET /metrics", () => {
  it("answers the text exposition format without the app token, every series labelled with the service", async () => {
    const res = await request(service().app).get(MetricsPath);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(res.text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total\{service="bidding"\} [\d.e+-]+$/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds\{service="bidding"\}/m);
    expect(res.text).toMatch(/^# TYPE http_server_request_duration_seconds histogram$/m);
  });

  it("leaves every other route behind the app token", async () => {
    const { app } = service();
    const refused = await request(app).get("/auctions/a1/snapshot");
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("APP_TOKEN_MISSING");
    expect((await request(app).get("/auctions/a1/snapshot").set("dapr-api-token", TOKEN)).status).toBe(200);
  });

  it("is not itself counted among the requests", async () => {
    const s = service(new ServiceMetrics("bidding", { defaultMetrics: false }));
    await request(s.app).get(MetricsPath);
    await request(s.app).get(MetricsPath);
    expect(await s.metrics.value("http_server_request_duration_seconds_count")).toBe(0);
    const res = await request(s.app).get(MetricsPath);
    expect(res.text).not.toMatch(/route="\/metrics"/);
  });
});

describe("the request duration histogram", () => {
  it("labels requests by method, route pattern (never the URL) and status class", async () => {
    const s = service(new ServiceMetrics("bidding", { defaultMetrics: false }));
    for (const id of ["a1", "a2", "a3"]) await request(s.app).get(`/auctions/${id}/snapshot`).set("dapr-api-token", TOKEN);
    const count = (labels: Record<string, string>) => s.metrics.value("http_server_request_duration_seconds_count", labels);
    expect(await count({ method: "GET", route: "/auctions/:auctionId/snapshot", status_class: "2xx" })).toBe(3);
    const text = await s.metrics.registry.metrics();
    expect(text).not.toMatch(/a1|a2|a3/);
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{le="\+Inf",service="bidding",method="GET",route="\/auctions\/:auctionId\/snapshot",status_class="2xx"\} 3$/m,
    );
  });

  it("counts refusals before any route and unknown paths as unmatched, and a route's own 4xx under its pattern", async () => {
    const s = service(new ServiceMetrics("bidding", { defaultMetrics: false }));
    await request(s.app).get("/auctions/a1/snapshot"); // no token: refused before routing
    await request(s.app).get("/auctions/missing/snapshot").set("dapr-api-token", TOKEN);
    await request(s.app).get("/nowhere").set("dapr-api-token", TOKEN);
    const count = (labels: Record<string, string>) => s.metrics.value("http_server_request_duration_seconds_count", labels);
    expect(await count({ route: UNMATCHED_ROUTE, status_class: "4xx" })).toBe(2);
    expect(await count({ route: "/auctions/:auctionId/snapshot", status_class: "4xx" })).toBe(1);
  });

  it("keeps the prefix of a router mounted at a path", async () => {
    const metrics = new ServiceMetrics("gateway", { defaultMetrics: false });
    const app = express();
    app.use(metrics.requests);
    const router = express.Router();
    router.post("/users/:userId", (_req, res) => {
      res.status(201).end();
    });
    app.use("/api", router);
    await request(app).post("/api/users/u1");
    expect(await metrics.value("http_server_request_duration_seconds_count", { method: "POST", route: "/api/users/:userId" })).toBe(1);
  });
});

describe("a service's own metrics", () => {
  it("registers typed counters, gauges and histograms on the service's registry alone", async () => {
    const one = new ServiceMetrics("payments", { defaultMetrics: false });
    const other = new ServiceMetrics("payments", { defaultMetrics: false });
    const settled = one.counter({ name: "test_settlements_total", help: "h", labelNames: ["outcome"] });
    settled.inc({ outcome: "completed" });
    settled.inc({ outcome: "completed" });
    settled.inc({ outcome: "failed" });
    // The same name on another service's registry: no clash, nothing shared.
    other.counter({ name: "test_settlements_total", help: "h", labelNames: ["outcome"] });
    expect(await one.value("test_settlements_total", { outcome: "completed" })).toBe(2);
    expect(await one.value("test_settlements_total")).toBe(3);
    expect(await other.value("test_settlements_total")).toBe(0);
    one.gauge({ name: "test_watchers", help: "h" }).set(4);
    one.histogram({ name: "test_lag_seconds", help: "h", buckets: [1] }).observe(0.5);
    expect(await one.value("test_watchers")).toBe(4);
    expect(await one.value("test_lag_seconds_sum")).toBe(0.5);
  });
});
