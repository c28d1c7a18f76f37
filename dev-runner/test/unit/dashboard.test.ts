import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardSource, startDashboard } from "../../src/dashboard.js";
import { linesContaining } from "../../src/dashboard-logs.js";
import { isMailId } from "../../src/dashboard-mail.js";
import { dashboardPage } from "../../src/dashboard-page.js";
import type { ProcessSpec } from "../../src/plan.js";

const spec = (name: string, ports: Record<string, number>, more: Partial<ProcessSpec> = {}): ProcessSpec => ({
  name,
  kind: "embedded",
  command: name,
  args: [],
  cwd: ".",
  env: {},
  healthUrl: "http://127.0.0.1:1/health",
  ports,
  restart: false,
  ...more,
});

/** A supervisor stand-in: the processes it names, none of them running. */
const source = (...specs: ProcessSpec[]): DashboardSource => ({
  processes: specs.map((s) => ({ spec: s, recent: [] })),
  status: async () => [],
  sidecarMetadata: async () => ({}),
});

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function get(base: string, path: string) {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("the dashboard page", () => {
  it("carries a script that parses (the page once stayed on 'loading…' over a syntax error)", () => {
    const html = dashboardPage("auction-mesh");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
    expect(scripts).toHaveLength(1);
    expect(() => new Script(scripts[0] ?? "")).not.toThrow();
  });

  it("has the key figures, and a process selector and a search box for the logs", () => {
    const html = dashboardPage("auction-mesh");
    expect(html).toContain('<h2>Key figures <small id="figures-note"></small></h2>');
    expect(html).toMatch(/<select id="log-process"><option value="">every process<\/option><\/select>/);
    expect(html).toMatch(/<input id="log-search" type="search"/);
    // The search the page runs is dashboard-logs.ts' own, handed to the script.
    expect(html).toContain(`})(${linesContaining.toString()});`);
  });

  it("has the traces: a service selector, a trace id box, the latest traces and room for a waterfall", () => {
    const html = dashboardPage("auction-mesh");
    expect(html).toContain('<select id="trace-service"></select>');
    expect(html).toMatch(/<input id="trace-id" type="search"/);
    expect(html).toContain('<table aria-label="recent traces">');
    expect(html).toContain('<div id="waterfall"></div>');
  });

  it("escapes the mesh name", () => {
    expect(dashboardPage("<b>mesh</b>")).toContain("<title>&lt;b&gt;mesh&lt;/b&gt; · dev runner</title>");
  });
});

describe("the log search", () => {
  const lines = [
    '{"level":30,"msg":"request rejected","path":"/api/Probe-42"}',
    'time=2026-11-28 level=info msg="placement tables updated"',
    "Listening on 127.0.0.1:6000",
  ];

  it("keeps the lines that contain the text, ignoring case and the blanks around it", () => {
    expect(linesContaining(lines, "probe-42")).toEqual([lines[0]]);
    expect(linesContaining(lines, "  LEVEL ")).toEqual([lines[0], lines[1]]);
    expect(linesContaining(lines, "127.0.0.1:6000")).toEqual([lines[2]]);
    expect(linesContaining(lines, "nowhere")).toEqual([]);
  });

  it("takes the text as text, not as a pattern", () => {
    expect(linesContaining(lines, "127.0.0.1.6000")).toEqual([]);
    expect(linesContaining(lines, '"/api/')).toEqual([lines[0]]);
    expect(linesContaining(["a (b"], "(")).toEqual(["a (b"]);
  });

  it("keeps every line (a copy) for a blank search", () => {
    for (const blank of ["", "   "]) {
      const all = linesContaining(lines, blank);
      expect(all).toEqual(lines);
      expect(all).not.toBe(lines);
    }
  });
});

describe("mail ids", () => {
  it("takes Mailpit's alphanumeric ids and nothing else", () => {
    expect(isMailId("cQ2nJZjWyaNE8zH6ZsQQTt")).toBe(true);
    for (const bad of ["", "../messages", "a/b", "a%2Fb", "id?x=1", "a b", "ü", "x".repeat(65)]) expect(isMailId(bad), bad).toBe(false);
  });
});

describe("the dashboard's JSON routes", () => {
  let withoutMail: Server;
  let withMailDown: Server;

  beforeAll(async () => {
    withoutMail = await startDashboard(source(spec("nats", { client: 4222 })), "m", "dev", 0);
    withMailDown = await startDashboard(source(spec("mailpit", { smtp: 1, http: await closedPort() })), "m", "dev", 0);
  });

  afterAll(() => {
    withoutMail?.close();
    withMailDown?.close();
  });

  it("answers an unknown path with a JSON 404", async () => {
    const res = await get(urlOf(withoutMail), "/nope?x=1");
    expect(res).toMatchObject({ status: 404, type: "application/json" });
    expect(JSON.parse(res.body)).toEqual({ code: "NOT_FOUND", message: "no page /nope" });
  });

  it("says there is no mail server when the profile embeds none", async () => {
    for (const path of ["/api/mail", "/api/mail/abc123"]) {
      const res = await get(urlOf(withoutMail), path);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body), path).toMatchObject({ code: "NO_MAIL_SERVER" });
    }
  });

  it("refuses a bad mail id with 400 before asking anyone", async () => {
    for (const server of [withoutMail, withMailDown]) {
      for (const path of ["/api/mail/", "/api/mail/a%2F..%2Fb", "/api/mail/a/b", "/api/mail/%00", "/api/mail/<script>"]) {
        const res = await get(urlOf(server), path);
        expect(res.status, path).toBe(400);
        expect(JSON.parse(res.body), path).toMatchObject({ code: "BAD_MAIL_ID" });
      }
    }
    // Still serving.
    expect((await get(urlOf(withMailDown), "/api/status")).status).toBe(200);
  });

  it("answers 502 when the mail server is down", async () => {
    for (const path of ["/api/mail", "/api/mail/abc123"]) {
      const res = await get(urlOf(withMailDown), path);
      expect(res.status, path).toBe(502);
      expect(JSON.parse(res.body), path).toMatchObject({ code: "MAIL_SERVER_UNREACHABLE" });
    }
  });

  it("links each app to its /metrics and traces, each sidecar to its metadata on the page and its metrics, Prometheus to its UI, Jaeger to its API", async () => {
    const mesh = source(
      spec("gateway-0", { app: 6000 }, { kind: "app", service: "gateway" }),
      spec("gateway-0-dapr", { http: 6001, metrics: 6004 }, { kind: "sidecar", service: "gateway" }),
      spec("prometheus", { http: 6550 }),
      spec("jaeger", { otlp: 6570, http: 6571, health: 6573 }),
    );
    const server = await startDashboard(mesh, "m", "dev", 0);
    try {
      const { links } = JSON.parse((await get(urlOf(server), "/api/status")).body);
      expect(links["gateway-0"]).toEqual([
        { label: "health", url: "http://127.0.0.1:1/health" },
        { label: "app", url: "http://127.0.0.1:6000/" },
        { label: "metrics", url: "http://127.0.0.1:6000/metrics" },
        { label: "traces", url: "#traces-gateway" },
      ]);
      expect(links["gateway-0-dapr"]).toEqual([
        { label: "health", url: "http://127.0.0.1:1/health" },
        { label: "metadata", url: "#metadata-gateway-0-dapr" },
        { label: "metrics", url: "http://127.0.0.1:6004/metrics" },
      ]);
      expect(links.prometheus).toContainEqual({ label: "ui", url: "http://127.0.0.1:6550/graph" });
      expect(links.jaeger).toContainEqual({ label: "api", url: "http://127.0.0.1:6571/api/services" });
    } finally {
      server.close();
    }
  });

  it("answers /api/figures with 503 NO_PROMETHEUS when the mesh runs none", async () => {
    const res = await get(urlOf(withoutMail), "/api/figures");
    expect(res).toMatchObject({ status: 503, type: "application/json" });
    expect(JSON.parse(res.body)).toMatchObject({ code: "NO_PROMETHEUS" });
  });

  it("answers /api/figures from the prometheus process's port, a row per service the mesh runs", async () => {
    const empty = { status: "success", data: { resultType: "vector", result: [] } };
    const prometheus = createServer((req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(req.url === "/api/v1/alerts" ? { status: "success", data: { alerts: [] } } : empty)),
    ).listen(0, "127.0.0.1");
    await new Promise((r) => prometheus.once("listening", r));
    const port = (prometheus.address() as AddressInfo).port;
    const down = await closedPort();
    const apps = ["bidding", "gateway"].flatMap((service) =>
      [0, 1].map((replica) => spec(`${service}-${replica}`, { app: 1 }, { kind: "app", service, replica })),
    );
    const up = await startDashboard(source(...apps, spec("prometheus", { http: port })), "m", "dev", 0);
    const gone = await startDashboard(source(...apps, spec("prometheus", { http: down })), "m", "dev", 0);
    try {
      const res = await get(urlOf(up), "/api/figures");
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).services.map((s: { service: string }) => s.service)).toEqual(["bidding", "gateway"]);
      const unreachable = await get(urlOf(gone), "/api/figures");
      expect(unreachable.status).toBe(503);
      expect(JSON.parse(unreachable.body)).toEqual({
        code: "PROMETHEUS_UNREACHABLE",
        message: `Prometheus at http://127.0.0.1:${down} does not answer`,
      });
    } finally {
      up.close();
      gone.close();
      prometheus.close();
    }
  });

  it("links the mailpit process to its API", async () => {
    const status = JSON.parse((await get(urlOf(withMailDown), "/api/status")).body);
    expect(status.links.mailpit).toContainEqual({
      label: "mail",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/messages$/),
    });
  });
});
