/**
 * Metrics and traces on the real mesh: the runner's Prometheus (Debian's package) scrapes every
 * app's /metrics, every sidecar and the control plane; bidding's business figures move when
 * people bid; the golden-signal rules and alerts load and evaluate. The runner's Jaeger holds one
 * trace per bid, from the gateway through both sidecars, the actor's turn and the publish to the
 * delivery back to the gateway; the dashboard draws it.
 */

import { randomBytes } from "node:crypto";
import { LiveMessages } from "@auction-mesh/contracts";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKGROUND_BUILD_WAIT_MS, builtBeside } from "./background-build.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 20_000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  await builtBeside(["jaeger"]);
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT, {}, undefined, { prometheus: true, jaeger: true })));
}, BACKGROUND_BUILD_WAIT_MS + 240_000);

afterAll(async () => {
  await stopRunner(runner);
});

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promql: string): Promise<Sample[]> {
  const res = await json<{ status: string; data: { result: Sample[] } }>(
    `${mesh.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  expect(res.body.status).toBe("success");
  return res.body.data.result;
}

const total = (samples: Sample[]) => samples.reduce((sum, s) => sum + Number(s.value[1]), 0);

describe("metrics", () => {
  it("scrapes every app, sidecar and control-plane process, all up", async () => {
    interface Target {
      labels: Record<string, string>;
      health: string;
      lastError: string;
    }
    const targets = await until(
      "every target scraped and up",
      async () => {
        const t = (await json<{ data: { activeTargets: Target[] } }>(`${mesh.prometheusUrl}/api/v1/targets`)).body.data.activeTargets;
        return t.length > 0 && t.every((x) => x.health === "up") ? t : undefined;
      },
      60_000,
    );
    const byJob = (job: string) =>
      targets
        .filter((t) => t.labels.job === job)
        .map((t) => t.labels.service)
        .sort();
    const services = ["auctions", "audit", "bidding", "gateway", "identity", "media", "notifications", "payments", "search"];
    expect(byJob("apps")).toEqual(services);
    expect(byJob("sidecars")).toEqual(services);
    expect(byJob("control-plane")).toEqual(["placement", "scheduler", "sentry"]);
  });

  it("counts accepted and refused bids by code, and times the actor's turns", async () => {
    const id = await gateway.openAuction(600);
    expect((await gateway.bid(id, "bidder-1", 1_000)).status).toBe(201);
    const low = await gateway.bid(id, "bidder-2", 1_000, "too-low-1");
    expect(low.body).toMatchObject({ accepted: false });
    const refusedCode = (low.body as { code?: string }).code as string;
    // Each process is scraped on its own every 5 s: wait for each figure.
    const atLeast = (promql: string, n: number) => until(`${promql} >= ${n}`, async () => total(await query(promql)) >= n, 30_000);
    await atLeast("auction_bids_accepted_total", 1);
    await atLeast(`auction_bids_refused_total{code="${refusedCode}"}`, 1);
    await atLeast("auction_bid_turn_seconds_count", 2);
    await atLeast('auction_gateway_bids_total{outcome="accepted"}', 1);
    // daprd's own metrics come from the sidecars' ports.
    expect((await query('dapr_runtime_component_loaded{job="sidecars"}')).length).toBeGreaterThan(0);
  });

  it("loads the golden-signal rules and alerts, and records the signals", async () => {
    interface Group {
      name: string;
      rules: { name: string; health: string; type: string }[];
    }
    const groups = await until(
      "every rule evaluated",
      async () => {
        const g = (await json<{ data: { groups: Group[] } }>(`${mesh.prometheusUrl}/api/v1/rules`)).body.data.groups;
        return g.length > 0 && g.every((group) => group.rules.every((r) => r.health === "ok")) ? g : undefined;
      },
      30_000,
    );
    expect(groups.map((g) => g.name).sort()).toEqual(["alerts", "bidding", "golden-signals"]);
    expect(groups.find((g) => g.name === "alerts")?.rules.map((r) => r.name)).toEqual(
      expect.arrayContaining(["TargetDown", "HighErrorRate", "SlowResponses", "SlowBidTurns", "LiveFanoutLagging"]),
    );
    // A series' first sample is no increase: keep asking until two scrapes see the count rise.
    await until(
      "the gateway's request rate",
      async () => {
        await gateway.get("/api/auctions");
        return total(await query('service:http_requests:rate1m{service="gateway"}')) > 0;
      },
      30_000,
    );
    const firing = (
      await json<{ data: { alerts: { labels: { alertname: string }; state: string }[] } }>(`${mesh.prometheusUrl}/api/v1/alerts`)
    ).body.data.alerts;
    expect(firing.filter((a) => a.labels.alertname === "TargetDown")).toEqual([]);
  });
});

interface Waterfall {
  traceId: string;
  spans: { service: string; sidecar: boolean; name: string; kind: string; parentId?: string; spanId: string }[];
}

/** The trace as the dashboard draws it, once Jaeger has every part `complete` asks for (spans arrive in batches). */
async function traceOf(traceId: string, complete: (w: Waterfall) => boolean): Promise<Waterfall> {
  let last: Waterfall | undefined;
  try {
    return await until(
      `trace ${traceId} complete`,
      async () => {
        const res = await json<Waterfall>(`${mesh.dashboardUrl}/api/traces/${traceId}`);
        if (res.status === 200) last = res.body;
        return last && complete(last) ? last : undefined;
      },
      30_000,
      500,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; it holds: ${JSON.stringify(last?.spans.map((s) => [s.service, s.sidecar, s.name]))}`);
  }
}

const has = (w: Waterfall, service: string, sidecar: boolean, name: RegExp) =>
  w.spans.some((s) => s.service === service && s.sidecar === sidecar && name.test(s.name));

/** One bid's whole path, as the issue asks: gateway, both sidecars, the actor's turn, the publish, the delivery to the gateway. */
const wholeBidPath = (w: Waterfall) =>
  has(w, "gateway", false, /^actor AuctionActor\.placeBids$/) &&
  has(w, "gateway", true, /^CallActor\/AuctionActor\/placeBids$/) &&
  has(w, "bidding", true, /^CallActor\/AuctionActor\/placeBids$/) &&
  has(w, "gateway", true, /^pubsub\/auction\.events$/) &&
  has(w, "bidding", false, /^AuctionActor\.placeBids turn$/) &&
  has(w, "bidding", false, /^publish auction\.events$/) &&
  has(w, "gateway", false, /^receive auction\.events$/);

const newTraceparent = () => {
  const traceId = randomBytes(16).toString("hex");
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` };
};

describe("traces", () => {
  it("holds one REST bid's whole path in one trace: gateway, both sidecars, the actor's turn, the publish and the delivery", async () => {
    const id = await gateway.openAuction(600);
    const { traceId, traceparent } = newTraceparent();
    const res = await fetch(`${gateway.url}/api/auctions/${id}/bids`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await gateway.token("bidder-1")}`, traceparent },
      body: JSON.stringify({ amount: 1_000, idempotencyKey: `traced-${id}` }),
    });
    expect(res.status).toBe(201);
    // The answer names the gateway's span in the caller's trace.
    expect(res.headers.get("traceparent")).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const trace = await traceOf(traceId, wholeBidPath);
    const server = trace.spans.find((s) => s.service === "gateway" && !s.sidecar && s.name === "POST /api/auctions/:auctionId/bids");
    expect(server?.kind).toBe("server");
    // The turn runs inside the actor call bidding's sidecar made to its app.
    const turn = trace.spans.find((s) => s.name === "AuctionActor.placeBids turn");
    const turnParent = trace.spans.find((s) => s.spanId === turn?.parentId);
    expect(turnParent).toMatchObject({ service: "bidding", sidecar: false, kind: "server" });
  });

  it("continues the trace a Socket.IO client sends with its bid", async () => {
    const id = await gateway.openAuction(600);
    const { traceId, traceparent } = newTraceparent();
    const socket = io(gateway.url, { transports: ["websocket"], auth: { token: await gateway.token("bidder-2") } });
    try {
      const answer = await socket
        .timeout(10_000)
        .emitWithAck(LiveMessages.bid, { auctionId: id, amount: 1_000, idempotencyKey: `socket-traced-${id}`, traceparent });
      expect(answer).toMatchObject({ accepted: true });
    } finally {
      socket.close();
    }
    const trace = await traceOf(traceId, wholeBidPath);
    expect(trace.spans.find((s) => s.name === `socket ${LiveMessages.bid}`)).toMatchObject({
      service: "gateway",
      sidecar: false,
      kind: "server",
    });
  });

  it("lists a service's latest traces on the dashboard", async () => {
    const list = await until(
      "the gateway's traces listed",
      async () => {
        const res = await json<{ traces: { traceId: string; services: string[] }[] }>(`${mesh.dashboardUrl}/api/traces?service=gateway`);
        return res.status === 200 && res.body.traces.some((t) => t.services.includes("bidding")) ? res.body.traces : undefined;
      },
      30_000,
      500,
    );
    expect(list.length).toBeGreaterThan(0);
  });

  it("answers 404 TRACE_NOT_FOUND for a trace Jaeger does not hold", async () => {
    const res = await json<{ code: string }>(`${mesh.dashboardUrl}/api/traces/${newTraceparent().traceId}`);
    expect(res).toMatchObject({ status: 404, body: { code: "TRACE_NOT_FOUND" } });
  });
});
