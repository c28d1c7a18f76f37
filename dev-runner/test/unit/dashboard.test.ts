import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardSource, startDashboard } from "../../src/dashboard.js";
import { isMailId } from "../../src/dashboard-mail.js";
import { dashboardPage } from "../../src/dashboard-page.js";
import type { ProcessSpec } from "../../src/plan.js";

const spec = (name: string, ports: Record<string, number>): ProcessSpec => ({
  name,
  kind: "embedded",
  command: name,
  args: [],
  cwd: ".",
  env: {},
  healthUrl: "http://127.0.0.1:1/health",
  ports,
  restart: false,
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

  it("escapes the mesh name", () => {
    expect(dashboardPage("<b>mesh</b>")).toContain("<title>&lt;b&gt;mesh&lt;/b&gt; · dev runner</title>");
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

  it("links the mailpit process to its API", async () => {
    const status = JSON.parse((await get(urlOf(withMailDown), "/api/status")).body);
    expect(status.links.mailpit).toContainEqual({
      label: "mail",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/messages$/),
    });
  });
});
