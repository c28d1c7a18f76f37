/**
 * The same mesh through the stock Dapr CLI (built by dapr/runtime/install.sh): the runner
 * starts only the control plane and the embedded broker, writes dapr.yaml from the manifest,
 * and `dapr run -f` starts the apps with their sidecars.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { DAPR_CLI_SENTRY_PORT } from "../../src/mtls.js";
import { isPortFree } from "../../src/ports.js";
import { GatewayClient } from "./gateway-client.js";
import { json, processesMentioning, REPO, type Running, runCli, startMesh, type TestMesh, testManifest, until } from "./harness.js";

let mesh: TestMesh;
let controlPlane: Running | undefined;
let dapr: ChildProcess | undefined;
let daprOutput = "";

afterAll(async () => {
  if (dapr?.pid && dapr.exitCode === null) {
    process.kill(-dapr.pid, "SIGTERM");
    await new Promise((r) => dapr?.once("exit", r));
  }
  if (controlPlane && controlPlane.child.exitCode === null) {
    controlPlane.child.kill("SIGINT");
    await controlPlane.exited;
  }
});

it("runs gateway and bidding under `dapr run -f` with the generated dapr.yaml", { timeout: 240_000 }, async () => {
  mesh = testManifest(2000);
  controlPlane = await startMesh(mesh, [], "control-plane");

  const runFile = join(mesh.stateDir, "dapr.yaml");
  const write = runCli(["run-file", "--manifest", mesh.manifestFile, "--out", runFile]);
  expect(await write.exited).toBe(0);

  // The Dapr CLI does not check ports first: fail clearly if a leftover holds one.
  for (const port of [mesh.ports.biddingApp, mesh.ports.gatewayApp]) expect(await isPortFree(port), `port ${port} must be free`).toBe(true);
  const daprCli = join(process.env.DAPR_RUNTIME_PATH ?? homedir(), ".dapr", "bin", "dapr");
  const tokens = runCli(["env", "--manifest", mesh.manifestFile]);
  expect(await tokens.exited).toBe(0);
  // What `eval "$(npm run -s mesh -- env)"` gives a shell: evaluated by sh in an empty environment.
  const names = [...tokens.output().matchAll(/^export (\w+)=/gm)].map((m) => m[1] as string);
  expect(names.sort()).toEqual([
    "APP_API_TOKEN",
    "DAPR_API_TOKEN",
    "DAPR_HOST_IP",
    "DAPR_TRUST_ANCHORS",
    "MESH_BROADCAST_CONSUMER",
    "MESH_EVENTS_CONSUMER",
    "MESH_MEILISEARCH_KEY",
    "MESH_MEILISEARCH_URL",
    "MESH_NATS_URL",
    "MESH_SMTP_PORT",
  ]);
  const evaluated = execFileSync("env", ["-i", "sh", "-c", 'eval "$1"; env -0', "_", tokens.output()], { encoding: "utf8" });
  const env = Object.fromEntries(
    evaluated
      .split("\0")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
      .filter(([name]) => names.includes(name as string)),
  );
  // The PEM contents of the mesh's trust bundle (daprd wants the contents, not a path).
  expect(env.DAPR_TRUST_ANCHORS).toBe(readFileSync(join(mesh.stateDir, "sentry", "ca.crt"), "utf8"));
  dapr = spawn(daprCli, ["run", "-f", runFile], {
    cwd: REPO,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  dapr.stdout?.on("data", (d) => (daprOutput += String(d)));
  dapr.stderr?.on("data", (d) => (daprOutput += String(d)));

  const gateway = new GatewayClient(mesh.gatewayUrl);
  await until(
    "every app to answer through its sidecar (sign-up reaches identity)",
    async () => (await gateway.account("seller-run")).token,
    120_000,
    1_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- dapr run output ---\n${daprOutput.slice(-4000)}`);
  });
  const id = await gateway.openAuction(600, { startingPrice: 500, incrementRule: { kind: "fixed", amount: 50 } }, "seller-run");
  expect((await gateway.snapshot(id)).body).toMatchObject({ auctionId: id, status: "open" });
  const placed = await gateway.bid(id, "b1", 500, "run-file-key-1");
  expect(placed.body).toMatchObject({ accepted: true, sequence: 1 });
  const events = await until("the bid event at the gateway", async () => {
    const res = await json<{ events: unknown[] }>(`${mesh.gatewayUrl}/api/auctions/${id}/events`);
    return res.body.events.length === 1 ? res.body.events : undefined;
  });
  expect(events).toHaveLength(1);

  // Like Ctrl-C in a terminal, but to the CLI alone: it stops its apps and sidecars itself
  // (signalling its whole group would kill the sidecars under its feet while it still talks
  // to them). The runner stops the rest.
  process.kill(dapr.pid as number, "SIGTERM");
  await until("dapr run to exit", async () => dapr?.exitCode !== null || dapr?.signalCode !== null, 60_000);
  controlPlane.child.kill("SIGINT");
  expect(await controlPlane.exited).toBe(0);
  await until(
    "no mesh process left",
    async () => processesMentioning(runFile).length === 0 && processesMentioning(mesh.stateDir).length === 0,
    15_000,
  );
  expect(processesMentioning(`127.0.0.1:${mesh.ports.placement}`)).toEqual([]);
  // The forward to sentry for the Dapr CLI's fixed address is gone with the runner.
  expect(await isPortFree(DAPR_CLI_SENTRY_PORT)).toBe(true);
});
