/**
 * `npm ci && npm run dev` must work on a machine with only Node and Go: this runs the default
 * profile (bidding, identity, the catalogue and the gateway with their sidecars, the control
 * plane, the embedded PostgreSQL and NATS, SQLite actor state) inside a new network namespace
 * where this machine's Redis, PostgreSQL, RabbitMQ, NATS and MariaDB cannot be reached, and walks
 * the journey that needs databases: sign-ups, an auction created and published, a signed-in bid
 * and its event. The accounts and the listing must be in the mesh's embedded PostgreSQL.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { deriveManifest } from "../../src/derive.js";
import { resetDatabases } from "../../src/derived-databases.js";
import { CLI, REPO } from "./harness.js";

const SHIFT = 4000;

it("runs the default profile's journey with no database or broker of this machine reachable", { timeout: 240_000 }, async () => {
  const mesh = deriveManifest(REPO, { shift: SHIFT, prefix: "mesh-it-" });
  if (!mesh.postgres) throw new Error("the default profile embeds no PostgreSQL");
  await resetDatabases(mesh);
  const script = join(REPO, "dev-runner/test/integration/fixtures/offline-journey.mjs");
  const started = Date.now();
  const run = spawnSync(
    "unshare",
    [
      "--net",
      "sh",
      "-c",
      `ip link set lo up && exec "${process.execPath}" "${script}" "${CLI}" "${mesh.manifestFile}" "${mesh.gatewayUrl}" "${mesh.postgres.port}" "${SHIFT}"`,
    ],
    { cwd: REPO, encoding: "utf8", timeout: 230_000 },
  );
  if (run.error || run.status !== 0)
    throw new Error(`offline run failed (${run.error?.message ?? run.status}):\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split("\n").pop() as string);
  console.log(
    `offline journey: ${JSON.stringify(result.timings)} ms from the fixture's start, ${Date.now() - started} ms in all; cluster: ${result.clusterMade?.join(" ")} s`,
  );
  expect(result.unreachable).toEqual({ redis: true, postgres: true, rabbitmq: true, nats: true, mariadb: true });
  // The runner made the mesh's cluster in its state folder and reported the server healthy.
  expect(result.clusterMade?.[0]).toMatch(/initdb/);
  expect(result.status).toEqual(["running", "yes"]);
  expect(result.signUps).toEqual([201, 201]);
  expect(result.created).toBe(201);
  expect(result.published).toBe(200);
  expect(result.live).toBe(200);
  expect(result.bid).toMatchObject({ accepted: true, sequence: 1 });
  expect(result.events).toContain("bid-placed");
  // What identity and the catalogue wrote is in the embedded server, in the mesh's own databases.
  expect(result.embedded).toEqual({ users: 2, auction: { title: "Offline vase", status: "live" } });
  expect(result.exitCode).toBe(0);
});
