import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DerivedMesh, deriveManifest, diesWithParent, resetDatabases } from "@auction-mesh/dev-runner";
import { importPKCS8, SignJWT } from "jose";
import { Pool } from "undici";
import { parse, stringify } from "yaml";

export interface Target {
  name: string;
  url: string;
  pool: Pool;
  /** Signs in `count` bidders (worker i bids as bidder i). */
  signIn(count: number): Promise<void>;
  /** Authorization header of worker `worker`'s bidder, and the bidder id events carry. */
  bidder(worker: number): { headers: Record<string, string>; id: string };
  /** The seller who opens the auctions (signed up on first use): the mesh only. */
  seller?(): Promise<{ headers: Record<string, string>; id: string }>;
  /** Opens `count` auctions that run for an hour (or until `endsAt`); resolves once bids are accepted on them. */
  openAuctions(count: number, endsAt?: string): Promise<string[]>;
  /** The dev runner's dashboard (process list with pids and metrics ports): the mesh only. */
  dashboardUrl?: string;
  stop(): Promise<void>;
  /** The derived mesh (ports, dashboard), for scenarios that reach past the gateway. */
  mesh?: DerivedMesh;
}

export async function postJson(
  pool: Pool,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await pool.request({
    path,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.body.json()) as Record<string, unknown>;
  return { status: res.statusCode, body: json };
}

export async function getJson(pool: Pool, path: string): Promise<unknown> {
  const res = await pool.request({ path, method: "GET" });
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${await res.body.text()}`);
  return res.body.json();
}

async function getStatus(pool: Pool, path: string): Promise<number> {
  const res = await pool.request({ path, method: "GET" });
  await res.body.dump();
  return res.statusCode;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}:\n${output().slice(-3000)}`);
}

function spawnCollecting(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const run = diesWithParent(command, args);
  const child = spawn(run.command, run.args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  return { child, output: () => output };
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i] as T);
      }
    }),
  );
  return results;
}

const PASSWORD = "bench harbor lantern violet 77";
const runTag = () => Date.now().toString(36);

/** The real mesh (dev runner, daprd, placement, scheduler, NATS), logs at warn; accounts and auctions through the public API. */
export async function startMesh(
  root: string,
  connections: number,
  shift: number,
  progress: (s: string) => void,
  profile = "default",
  options: {
    replicas?: Record<string, number>;
    cpuProfileDir?: string;
    /** false: the profile's embedded Meilisearch is left out, so search is started without MESH_MEILISEARCH_URL (PostgreSQL answers). */
    meilisearch?: boolean;
    /** Keep the profile's Jaeger: every sidecar and app exports its spans (the cost of tracing under load). */
    traces?: boolean;
  } = {},
): Promise<Target> {
  // With a profile folder every service writes a V8 CPU profile there when it stops (open it in
  // Chrome DevTools or speedscope): where each service's CPU time went during the run.
  const quiet = { LOG_LEVEL: "warn", ...(options.cpuProfileDir ? { CPU_PROFILE_DIR: options.cpuProfileDir } : {}) };
  const mesh = deriveManifest(root, {
    shift,
    profile,
    prefix: "mesh-bench-",
    jaeger: options.traces ?? false,
    replicas: options.replicas ?? {},
    // The load comes from one address with few bidders: lift the gateway's bid rate limits.
    env: {
      bidding: quiet,
      identity: quiet,
      auctions: quiet,
      search: quiet,
      gateway: { ...quiet, BID_RATE_PER_BIDDER: "1000000", BID_RATE_PER_IP: "1000000" },
    },
  });
  if (options.meilisearch === false) withoutMeilisearch(mesh.manifestFile);
  // Each run starts from empty databases: the catalogue's size stays the same run after run.
  await resetDatabases(mesh);
  const runner = spawnCollecting(process.execPath, [join(root, "dev-runner/dist/cli.js"), "up", "--manifest", mesh.manifestFile], {}, root);
  await waitFor("the mesh", () => runner.output().includes("mesh is up") || runner.child.exitCode !== null, 180_000, runner.output);
  if (runner.child.exitCode !== null) throw new Error(`the mesh did not start:\n${runner.output().slice(-3000)}`);
  const pool = new Pool(mesh.gatewayUrl, { connections, pipelining: 1 });
  const tag = runTag();
  const signUp = async (name: string, role: "bidder" | "seller") => {
    const body = { email: `${name}.${tag}@bench.local`, password: PASSWORD, displayName: name, role };
    // identity sheds what it cannot hash in time (503 OVERLOADED): come back after Retry-After,
    // with the same Idempotency-Key (the 503 may answer a resend whose first attempt succeeded).
    const key = { "idempotency-key": `sign-up-${name}-${tag}` };
    let res = await postJson(pool, "/api/auth/sign-up", body, key);
    for (let attempt = 0; res.status === 503 && attempt < 30; attempt++) {
      const seconds = Number((res.body as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds ?? 1);
      await new Promise((r) => setTimeout(r, seconds * 1000 + Math.random() * 1000));
      res = await postJson(pool, "/api/auth/sign-up", body, key);
    }
    if (res.status !== 201) throw new Error(`sign-up of ${name} failed: ${JSON.stringify(res.body)}`);
    const session = res.body as { token: string; user: { id: string } };
    return { headers: { authorization: `Bearer ${session.token}` }, id: session.user.id };
  };
  const bidders: { headers: Record<string, string>; id: string }[] = [];
  let seller: Promise<{ headers: Record<string, string>; id: string }> | undefined;
  let stopped = false;
  return {
    name: profile === "default" ? "dapr mesh" : `dapr mesh (${profile})`,
    url: mesh.gatewayUrl,
    dashboardUrl: mesh.dashboardUrl,
    pool,
    mesh,
    async signIn(count) {
      const missing = Array.from({ length: Math.max(0, count - bidders.length) }, (_, i) => bidders.length + i);
      if (missing.length === 0) return;
      progress(`dapr mesh: signing up ${missing.length} bidders`);
      const made = await inParallel(missing, 8, (i) => signUp(`bidder-${i}`, "bidder"));
      bidders.push(...made);
    },
    bidder: (worker) => bidders[worker % bidders.length] as { headers: Record<string, string>; id: string },
    seller: () => {
      seller ??= signUp("seller", "seller");
      return seller;
    },
    async openAuctions(count, endsAt = new Date(Date.now() + 3_600_000).toISOString()) {
      seller ??= signUp("seller", "seller");
      const { headers } = await seller;
      const ids = await inParallel(
        Array.from({ length: count }, (_, i) => i),
        8,
        async (i) => {
          const created = await postJson(
            pool,
            "/api/auctions",
            {
              title: `Bench lot ${i}`,
              category: "other",
              startingPrice: 100,
              incrementRule: { kind: "fixed", amount: 1 },
              startsAt: new Date().toISOString(),
              endsAt,
            },
            headers,
          );
          if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
          const id = created.body.id as string;
          const published = await postJson(pool, `/api/auctions/${id}/publish`, {}, headers);
          if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
          return id;
        },
      );
      // The catalogue's start jobs hand them to bidding: wait until every one is live.
      await waitFor(
        `${count} auctions to go live`,
        async () => (await Promise.all(ids.map((id) => getStatus(pool, `/api/auctions/${id}/live`)))).every((s) => s === 200),
        120_000,
        runner.output,
      );
      return ids;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pool.close();
      await stopChild(runner.child, "SIGINT");
    },
  };
}

/**
 * Leaves Meilisearch out of the derived manifest's profile: the runner then neither starts it
 * nor gives the apps MESH_MEILISEARCH_URL, so search runs as it does where none is configured.
 */
function withoutMeilisearch(manifestFile: string): void {
  const m = parse(readFileSync(manifestFile, "utf8"));
  const profile = m.profiles[m.profile] as { embedded?: string[] };
  profile.embedded = (profile.embedded ?? []).filter((e) => e !== "meilisearch");
  writeFileSync(manifestFile, stringify(m));
}

/** Express + the Lua script on this machine's Redis: no sidecars; tokens signed by the bench's own key. */
export async function startBaseline(root: string, connections: number, port: number): Promise<Target> {
  const keys = generateKeyPairSync("ed25519");
  const server = spawnCollecting(
    process.execPath,
    [join(root, "bench/dist/baseline-server.js")],
    {
      PORT: String(port),
      KEY_PREFIX: `bench:${Date.now()}`,
      JWT_PUBLIC_KEY: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
    },
    root,
  );
  await waitFor(
    "the baseline server",
    () => server.output().includes("baseline listening") || server.child.exitCode !== null,
    30_000,
    server.output,
  );
  if (server.child.exitCode !== null) throw new Error(`the baseline did not start (is Redis on 127.0.0.1:6379?):\n${server.output()}`);
  const url = `http://127.0.0.1:${port}`;
  const pool = new Pool(url, { connections, pipelining: 1 });
  const signingKey = await importPKCS8(keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "EdDSA");
  const bidders: { headers: Record<string, string>; id: string }[] = [];
  const tag = runTag();
  let opened = 0;
  return {
    name: "redis lua (no mesh)",
    url,
    pool,
    async signIn(count) {
      for (let i = bidders.length; i < count; i++) {
        const id = `bidder-${i}`;
        const token = await new SignJWT({ name: id, roles: ["bidder"] })
          .setProtectedHeader({ alg: "EdDSA" })
          .setSubject(id)
          .setIssuer("auction-mesh/identity")
          .setAudience("auction-mesh")
          .setExpirationTime("2h")
          .sign(signingKey);
        bidders.push({ headers: { authorization: `Bearer ${token}` }, id });
      }
    },
    bidder: (worker) => bidders[worker % bidders.length] as { headers: Record<string, string>; id: string },
    async openAuctions(count, endsAt = new Date(Date.now() + 3_600_000).toISOString()) {
      const ids = Array.from({ length: count }, () => `${tag}-${opened++}`);
      await inParallel(ids, 8, async (auctionId) => {
        const res = await postJson(pool, "/api/auctions", {
          auctionId,
          sellerId: "seller",
          startingPrice: 100,
          incrementRule: { kind: "fixed", amount: 1 },
          endsAt,
        });
        if (res.status !== 201) throw new Error(`baseline: could not open ${auctionId}: ${JSON.stringify(res.body)}`);
      });
      return ids;
    },
    async stop() {
      await pool.close();
      await stopChild(server.child, "SIGTERM");
    },
  };
}
