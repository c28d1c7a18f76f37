/**
 * Starts the real mesh (dev runner, daprd, placement, scheduler, embedded NATS) for
 * integration tests, from a copy of auction-mesh.yaml with shifted ports and a private state
 * folder so it never collides with a developer's running mesh.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AppIds, AuditRoutes, type AuditTrail, type AuthSession, type CreateListingInput, MeshHeaders } from "@auction-mesh/contracts";
import { type DerivedMesh, deriveManifest } from "../../src/derive.js";
import { resetDatabases } from "../../src/derived-databases.js";
import { loadManifest } from "../../src/manifest.js";
import { diesWithParent } from "../../src/parent-death.js";
import { replicaPorts } from "../../src/plan.js";

export const REPO = resolve(import.meta.dirname, "../../..");
export const CLI = join(REPO, "dev-runner/dist/cli.js");

export type TestMesh = DerivedMesh;

/**
 * A manifest whose ports are shifted by `shift`, with debug logs and a private state folder;
 * `prometheus` keeps the profile's Prometheus (left out by default).
 */
export function testManifest(
  shift: number,
  env: Record<string, Record<string, string>> = {},
  profile?: string,
  { prometheus = false, jaeger = false }: { prometheus?: boolean; jaeger?: boolean } = {},
): TestMesh {
  const withDebug = { ...env, ...Object.fromEntries(["bidding", "gateway"].map((s) => [s, { LOG_LEVEL: "debug", ...env[s] }])) };
  return deriveManifest(REPO, { shift, env: withDebug, prefix: "mesh-it-", prometheus, jaeger, ...(profile ? { profile } : {}) });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the dev-runner CLI with `args`, collecting its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  // A test worker that is ended takes its mesh with it.
  const run = diesWithParent(process.execPath, [CLI, ...args]);
  const child = spawn(run.command, run.args, {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += String(d)));
  child.stderr?.on("data", (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`,
  );
}

/** Starts `up` (or `control-plane`) and resolves once the runner reports it up; rejects with its output if it fails. */
export async function startMesh(mesh: TestMesh, extraArgs: string[] = [], command: "up" | "control-plane" = "up"): Promise<Running> {
  if (command === "up") await resetDatabases(mesh);
  const running = runCli([command, "--manifest", mesh.manifestFile, ...extraArgs]);
  const failed = running.exited.then((code) => {
    throw new Error(`the runner exited (${code}) before the mesh was up:\n${running.output()}`);
  });
  await Promise.race([until("the mesh to be up", async () => running.output().includes("mesh is up"), 180_000), failed]);
  return running;
}

export async function json<T = Record<string, unknown>>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A process as the runner reports it (its dashboard's `/api/status`). */
export interface MeshProcess {
  name: string;
  pid: number;
  healthy: boolean;
  restarts: number;
  state: string;
}

/** Every process of the mesh as its runner sees it now. */
export async function meshProcesses(mesh: TestMesh): Promise<MeshProcess[]> {
  return (await json<{ processes: MeshProcess[] }>(`${mesh.dashboardUrl}/api/status`)).body.processes;
}

/** The tokens the runner generated for a mesh: `dapr` opens its sidecars' APIs, `app` its apps. */
export function meshTokens(stateDir: string): { dapr: string; app: string } {
  return JSON.parse(readFileSync(join(stateDir, "tokens.json"), "utf8")) as { dapr: string; app: string };
}

export const post = (url: string, body: unknown) => json(url, { method: "POST", body: JSON.stringify(body) });

/** Process ids (with command lines) whose command line mentions `needle`. */
export function processesMentioning(needle: string): string[] {
  try {
    return execFileSync("pgrep", ["-af", "--", needle], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() && !l.includes("pgrep"));
  } catch {
    return [];
  }
}

export function auctionId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export function inSeconds(s: number): string {
  return new Date(Date.now() + s * 1000).toISOString();
}

/** A listing every test may create: starts now, runs 10 minutes; override what the test is about. */
export function testListing(overrides: Partial<CreateListingInput> = {}): CreateListingInput {
  return {
    title: "Test lot",
    category: "art",
    startingPrice: 1000,
    incrementRule: { kind: "fixed", amount: 100 },
    startsAt: new Date().toISOString(),
    endsAt: inSeconds(600),
    ...overrides,
  };
}

/**
 * Signs up as a well-behaved client does: identity sheds a burst (200 sockets signing up at
 * once) with 503 OVERLOADED, and the client comes back after Retry-After (plus some jitter,
 * so the shed ones do not all return at the same moment) with the same Idempotency-Key: the
 * 503 may answer daprd's resend of a call whose first attempt made the account meanwhile
 * (seen in live.test.ts: a new key then got 409 EMAIL_TAKEN).
 */
export async function signUpPolitely(gatewayUrl: string, body: object, idempotencyKey: string) {
  const init = { method: "POST", body: JSON.stringify(body), headers: { [MeshHeaders.idempotencyKey]: idempotencyKey } };
  const deadline = Date.now() + 90_000;
  // A connection the server closed as the request went out ("other side closed": its keep-alive
  // timeout met undici's reuse, seen in a CI run of 200 sign-ups at once) is sent again too:
  // the key makes a resend safe.
  const attempt = () => json<AuthSession>(`${gatewayUrl}/api/auth/sign-up`, init).catch((err: unknown) => ({ status: 0, body: err }));
  let res = await attempt();
  while ((res.status === 503 || res.status === 0) && Date.now() < deadline) {
    const seconds = Number((res.body as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds ?? 1);
    await new Promise((r) => setTimeout(r, seconds * 1000 + Math.random() * 1000));
    res = await attempt();
  }
  if (res.status === 0) throw res.body;
  return res as { status: number; body: AuthSession };
}

/** The HTTP port of the sidecar of `service`'s first replica. */
export function sidecarPort(mesh: TestMesh, service: string): number {
  const spec = loadManifest(REPO, { file: mesh.manifestFile }).services[service];
  if (!spec) throw new Error(`no service ${service} in ${mesh.manifestFile}`);
  return replicaPorts(spec.portBase, 0).daprHttp;
}

/** audit's trail (the Go service), asked through `caller`'s sidecar as that app would. */
export function auditTrailFrom(mesh: TestMesh, caller: string, query: Record<string, unknown>) {
  return json<AuditTrail & { code?: string; message?: string }>(
    `http://127.0.0.1:${sidecarPort(mesh, caller)}/v1.0/invoke/${AppIds.audit}/method/${AuditRoutes.trail}`,
    { method: "POST", body: JSON.stringify(query), headers: { "dapr-api-token": meshTokens(mesh.stateDir).dapr } },
  );
}
