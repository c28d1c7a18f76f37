/**
 * Metrics on the real mesh: the runner's Prometheus (Debian's package) scrapes every app's
 * /metrics, every sidecar and the control plane; bidding's business figures move when people
 * bid; the golden-signal rules and alerts load and evaluate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { json, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 20_000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT, {}, undefined, { prometheus: true })));
});

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
