/** The runner refuses to start with a clear message, and leaves nothing running, when it cannot. */

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { processesMentioning, REPO, runCli, testManifest } from "./harness.js";

let blocker: Server | undefined;
afterEach(() => blocker?.close());

it("refuses to start when a port it needs is taken, naming port and owner", async () => {
  const mesh = testManifest(3000);
  blocker = createServer();
  await new Promise<void>((r) => blocker?.listen(mesh.ports.gatewayApp + 1, "127.0.0.1", r));
  const up = runCli(["up", "--manifest", mesh.manifestFile]);
  expect(await up.exited).toBe(1);
  expect(up.output()).toContain(`port ${mesh.ports.gatewayApp + 1} (gateway dapr-http) is already in use`);
  expect(processesMentioning(mesh.stateDir)).toEqual([]);
});

it("refuses to start without the runtime binaries and says how to get them", async () => {
  const mesh = testManifest(3000);
  const up = runCli(["up", "--manifest", mesh.manifestFile], { DAPR_RUNTIME_PATH: "/nonexistent" });
  expect(await up.exited).toBe(1);
  expect(up.output()).toMatch(/missing Dapr runtime binaries:\n {2}- \/nonexistent\/\.dapr\/bin\/placement/);
  expect(up.output()).toContain("npm run setup");
});

it("`check` fails naming the file, line and field of a misspelled manifest key", async () => {
  const mesh = testManifest(3000);
  writeFileSync(mesh.manifestFile, readFileSync(mesh.manifestFile, "utf8").replace("portBase:", "portbase:"));
  const check = runCli(["check", "--manifest", mesh.manifestFile]);
  expect(await check.exited).toBe(2);
  expect(check.output()).toMatch(/\/auction-mesh\.derived\.yaml:\d+:\d+ {2}services\.\w+\.portbase: unknown key 'portbase'/);
  expect(check.output()).not.toMatch(/\n\s+at /); // no stack trace
});

it("`check` validates every profile unless one is named: a broken file in another profile's folder fails it", async () => {
  const mesh = testManifest(3000);
  // The redis profile's components, copied with one component type misspelled.
  const broken = mkdtempSync(join(tmpdir(), "components-redis-"));
  cpSync(join(REPO, "components/redis"), broken, { recursive: true });
  const statestore = join(broken, "statestore.yaml");
  writeFileSync(statestore, readFileSync(statestore, "utf8").replace("type: state.redis", "type: state.rediss"));
  const manifest = parse(readFileSync(mesh.manifestFile, "utf8"));
  manifest.profiles.redis.components = broken;
  writeFileSync(mesh.manifestFile, stringify(manifest));

  const all = runCli(["check", "--manifest", mesh.manifestFile]);
  expect(await all.exited).toBe(1);
  expect(all.output()).toMatch(/problem\(s\) in the mesh configuration for profile 'redis'/);
  expect(all.output()).toMatch(/statestore\.yaml:\d+:\d+ {2}spec\.type: .*state\.rediss/);
  expect(all.output()).toMatch(/valid for profile 'default'/);

  const one = runCli(["check", "--profile", "default", "--manifest", mesh.manifestFile]);
  expect(await one.exited).toBe(0);
  expect(one.output()).not.toMatch(/'redis'/);
});
