/**
 * Live bidding must run on a machine with only Node and Go: this runs the default profile's
 * bidding core (bidding, gateway, control plane, embedded NATS, SQLite state) inside a new
 * network namespace where this machine's Redis, PostgreSQL, RabbitMQ, NATS and MariaDB cannot
 * be reached, and walks a signed-in bid through it. (identity and auctions keep their data in
 * PostgreSQL, which the issue asks for; they are not part of this run.)
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { deriveManifest } from "../../src/derive.js";
import { CLI, REPO } from "./harness.js";

it("runs the default profile with no database or broker reachable", { timeout: 240_000 }, () => {
  const mesh = deriveManifest(REPO, { shift: 4000, prefix: "mesh-it-" });
  const script = join(REPO, "dev-runner/test/integration/fixtures/offline-journey.mjs");
  const run = spawnSync(
    "unshare",
    [
      "--net",
      "sh",
      "-c",
      `ip link set lo up && exec "${process.execPath}" "${script}" "${CLI}" "${mesh.manifestFile}" "${mesh.gatewayUrl}" "${mesh.stateDir}" "${mesh.ports.biddingApp + 1}"`,
    ],
    {
      cwd: REPO,
      encoding: "utf8",
      timeout: 230_000,
    },
  );
  if (run.error || run.status !== 0)
    throw new Error(`offline run failed (${run.error?.message ?? run.status}):\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split("\n").pop() as string);
  expect(result.unreachable).toEqual({ redis: true, postgres: true, rabbitmq: true, nats: true, mariadb: true });
  expect(result.open).toBe(201);
  expect(result.bid).toMatchObject({ accepted: true, sequence: 1 });
  expect(result.events).toBe(1);
  expect(result.exitCode).toBe(0);
});
