/**
 * Faults under load on the real mesh (issue 9): bad input is refused at the edge at once, never
 * a 500 the sidecars retry for seconds; identity sheds a sign-up burst with 503 OVERLOADED +
 * Retry-After, which reaches the client intact and which daprd does not resend; the gateway
 * sheds API requests while its event loop lags, never its health probes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AppIds, IdentityRoutes } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { type MeshProcess, meshProcesses, meshTokens, REPO, type Running, type TestMesh, testListing, testManifest } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

/** Every fixed port of this mesh must stay below 32768 (see README: ephemeral ports). */
const SHIFT = 15000;
const PASSWORD = "orbit violet tram pickle 42";

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
let daprToken: string;
let ports: (app: string) => ReturnType<typeof replicaPorts>;

beforeAll(async () => {
  // identity hashes one at a time and admits a hash only if it can finish within 100 ms: a
  // request that arrives while another hashes is shed (one arriving at an idle queue never is).
  // The defaults (the cores, 4000 ms) shed only when a burst outruns this machine's hashing.
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT, { identity: { HASH_CONCURRENCY: "1", HASH_MAX_WAIT_MS: "100" } })));
  daprToken = meshTokens(mesh.stateDir).dapr;
  const manifest = loadManifest(REPO, { file: mesh.manifestFile });
  ports = (app) => replicaPorts(manifest.services[app]?.portBase as number, 0);
});

afterAll(async () => {
  await stopRunner(runner);
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { code?: string; message?: string; errorCode?: string } | undefined;
  ms: number;
}

async function call(url: string, init?: RequestInit): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  const text = await res.text();
  let body: Answer["body"];
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body, ms: Date.now() - started };
}

const api = (path: string, init?: RequestInit) => call(`${mesh.gatewayUrl}${path}`, init);
const postApi = (path: string, body: unknown) => api(path, { method: "POST", body: JSON.stringify(body) });
const signUpBody = (tag: string) => ({ email: `${tag}@shed.test`, password: PASSWORD, displayName: tag });
/** How many times identity shed a request so far (its own log: one line per shed request it received). */
const identityShedLines = () =>
  readFileSync(join(mesh.stateDir, "logs", `${AppIds.identity}.log`), "utf8")
    .split("\n")
    .filter((l) => l.includes("request shed")).length;

describe("bad input is a 400 at the edge, at once", () => {
  it("refuses a NUL byte in the search with 400 VALIDATION_FAILED, not a 500 retried for seconds", async () => {
    const answer = await api("/api/auctions?q=%00");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringContaining("control characters") });
    expect(answer.ms).toBeLessThan(2000);
  });

  it.each([
    ["an escape character in the search", "/api/auctions?q=a%1Bb"],
    ["a NUL in the seller filter", "/api/auctions?sellerId=x%00"],
    ["a NUL in the cursor", "/api/auctions?cursor=abc%00"],
    ["a cursor this API never handed out", `/api/auctions?cursor=${Buffer.from("no such listing").toString("base64url")}`],
    ["an auction id with a NUL", "/api/auctions/abc%00def"],
    ["an auction id that is too long", `/api/auctions/${"x".repeat(65)}`],
  ])("answers %s with a 4xx and a code", async (_, path) => {
    const answer = await api(path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body?.code).toMatch(/^[A-Z_]+$/);
    expect(answer.ms).toBeLessThan(2000);
  });

  it("refuses a bid-history cursor beyond the 32-bit sequence column of an auction that exists", async () => {
    const listing = await gateway.createListing();
    expect(listing.status).toBe(201);
    const answer = await api(`/api/auctions/${listing.body.id}/bids?before=2147483648`, {
      headers: { authorization: `Bearer ${await gateway.token("seller-1")}` },
    });
    expect(answer).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(answer.ms).toBeLessThan(2000);
  });

  it("refuses NUL in a new listing's title and in a display name", async () => {
    const listing = await postApi("/api/auctions", { ...testListing(), title: "Blue\u0000vase" });
    expect(listing).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    const signUp = await postApi("/api/auth/sign-up", { ...signUpBody(`nul-${Date.now()}`), displayName: "A\u0000" });
    expect(signUp).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
  });

  it("the catalogue refuses it too when called past the gateway (its contract is the same)", async () => {
    const answer = await call(`http://127.0.0.1:${ports(AppIds.gateway).daprHttp}/v1.0/invoke/${AppIds.auctions}/method/listings/list`, {
      method: "POST",
      headers: { "dapr-api-token": daprToken },
      body: JSON.stringify({ q: "\u0000" }),
    });
    expect(answer).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(answer.ms).toBeLessThan(2000);
  });
});

describe("identity sheds a sign-up burst", () => {
  it("answers each person 201 or 503 OVERLOADED with Retry-After, through the gateway, and daprd resends no shed call", async () => {
    const tag = `burst-${Date.now()}`;
    const shedBefore = identityShedLines();
    // Half the burst through the gateway, half straight through the gateway's sidecar at the
    // same moment: what daprd itself hands back (status, Retry-After header, body).
    const burst = Promise.all(Array.from({ length: 30 }, (_, i) => postApi("/api/auth/sign-up", signUpBody(`${tag}-${i}`))));
    const direct = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(`http://127.0.0.1:${ports(AppIds.gateway).daprHttp}/v1.0/invoke/${AppIds.identity}/method/${IdentityRoutes.signUp}`, {
          method: "POST",
          headers: { "dapr-api-token": daprToken },
          body: JSON.stringify(signUpBody(`${tag}-direct-${i}`)),
        }),
      ),
    );
    const answers = await burst;
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((s) => s === 201 || s === 503),
      `statuses: ${statuses.join(",")}`,
    ).toBe(true);
    const shed = answers.filter((a) => a.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    for (const a of shed) {
      expect(a.body).toMatchObject({ code: "OVERLOADED", message: expect.any(String) });
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // daprd passes identity's 503 and its Retry-After header through service invocation.
    const directShed = direct.filter((a) => a.status === 503);
    expect(directShed.length, `direct: ${direct.map((a) => a.status).join(",")}`).toBeGreaterThan(0);
    expect(direct.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    for (const a of directShed) {
      expect(a.body).toMatchObject({ code: "OVERLOADED" });
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Each shed answer was identity's first and only attempt: daprd did not retry the 503.
    await new Promise((r) => setTimeout(r, 500));
    expect(identityShedLines() - shedBefore).toBe(shed.length + directShed.length);
  });
});

describe("the gateway sheds while its event loop lags", () => {
  it("answers API requests 503 OVERLOADED right after a stall, keeps answering health probes, and recovers", async () => {
    const gatewayProcess = (await meshProcesses(mesh)).find((p) => p.name === AppIds.gateway) as MeshProcess;
    expect((await api("/api/auctions")).status).toBe(200);
    // A stall of 1.5 s (SIGSTOP) is 1.5 s of event-loop delay, past the default bound (1000 ms).
    process.kill(gatewayProcess.pid, "SIGSTOP");
    const probe = api("/healthz/live");
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(gatewayProcess.pid, "SIGCONT");
    expect((await probe).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const [shed, ready] = await Promise.all([api("/api/auctions"), api("/healthz/live")]);
    expect(shed.status).toBe(503);
    expect(shed.body).toMatchObject({ code: "OVERLOADED" });
    expect(Number(shed.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(ready.status).toBe(200);
    // The next half-second window without lag serves again.
    await new Promise((r) => setTimeout(r, 1200));
    expect((await api("/api/auctions")).status).toBe(200);
  });
});
