import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { deriveManifest } from "@auction-mesh/dev-runner";
import { Pool } from "undici";

export interface Target {
  name: string;
  url: string;
  pool: Pool;
  stop(): Promise<void>;
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
  const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
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

/** The real mesh (dev runner, daprd, placement, scheduler, NATS), logs at warn. */
export async function startMesh(root: string, connections: number, shift: number): Promise<Target> {
  const mesh = deriveManifest(root, {
    shift,
    prefix: "mesh-bench-",
    // The load comes from one address with few bidders: lift the gateway's bid rate limits.
    env: { bidding: { LOG_LEVEL: "warn" }, gateway: { LOG_LEVEL: "warn", BID_RATE_PER_BIDDER: "1000000", BID_RATE_PER_IP: "1000000" } },
  });
  const runner = spawnCollecting(process.execPath, [join(root, "dev-runner/dist/cli.js"), "up", "--manifest", mesh.manifestFile], {}, root);
  await waitFor("the mesh", () => runner.output().includes("mesh is up") || runner.child.exitCode !== null, 180_000, runner.output);
  if (runner.child.exitCode !== null) throw new Error(`the mesh did not start:\n${runner.output().slice(-3000)}`);
  const pool = new Pool(mesh.gatewayUrl, { connections, pipelining: 1 });
  return {
    name: "dapr mesh",
    url: mesh.gatewayUrl,
    pool,
    async stop() {
      await pool.close();
      await stopChild(runner.child, "SIGINT");
    },
  };
}

/** Express + the Lua script on this machine's Redis: no sidecars. */
export async function startBaseline(root: string, connections: number, port: number): Promise<Target> {
  const server = spawnCollecting(
    process.execPath,
    [join(root, "bench/dist/baseline-server.js")],
    { PORT: String(port), KEY_PREFIX: `bench:${Date.now()}` },
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
  return {
    name: "redis lua (no mesh)",
    url,
    pool,
    async stop() {
      await pool.close();
      await stopChild(server.child, "SIGTERM");
    },
  };
}

export async function postJson(pool: Pool, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await pool.request({ path, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.body.json()) as Record<string, unknown>;
  return { status: res.statusCode, body: json };
}
