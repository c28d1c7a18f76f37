/**
 * The default profile's PostgreSQL, made and run the way `up` does (fixtures/embedded-postgres.mjs):
 * a cluster in the state folder from initdb (or its cached template), a server on loopback
 * only that keeps its databases across a restart, as root (in a user namespace: PostgreSQL
 * refuses root) and as a normal user (`nobody`, through setpriv, when this runs as root).
 * Prints first-start and restart times.
 */
import { spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./harness.js";

const SCRIPT = join(REPO, "dev-runner/test/integration/fixtures/embedded-postgres.mjs");
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  uid: number;
  command: string;
  prepare: { how: string; ms: number; dataDir: string };
  again: string;
  firstMs: number;
  restartMs: number;
  firstStopMs: number;
  encoding: { e: string; datcollate: string };
  version: string;
  otherAddressRefused: boolean;
  kept: boolean;
  dataOwner: number;
  dataMode: string;
}

/** Runs the fixture with an empty initdb cache of its own (so the first start runs initdb), as `asUser` when given. */
function runFixture(port: number, asUser?: number): { run: Run; stateDir: string } {
  const stateDir = mkdtempSync(join(tmpdir(), "mesh-pg-it-"));
  const cache = mkdtempSync(join(tmpdir(), "mesh-pg-it-cache-"));
  temporary.push(stateDir, cache);
  if (asUser !== undefined) for (const dir of [stateDir, cache]) chownSync(dir, asUser, asUser);
  const node = [process.execPath, SCRIPT, stateDir, String(port)];
  const [command, ...args] =
    asUser === undefined ? node : ["setpriv", `--reuid=${asUser}`, `--regid=${asUser}`, "--clear-groups", "--", ...node];
  const out = spawnSync(command as string, args, {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cache, HOME: cache },
    timeout: 120_000,
  });
  if (out.status !== 0) throw new Error(`the fixture failed (${out.error?.message ?? out.status}):\n${out.stdout}\n${out.stderr}`);
  return { run: JSON.parse(out.stdout.trim().split("\n").pop() as string) as Run, stateDir };
}

function expectAServer(run: Run, stateDir: string, uid: number): void {
  expect(run.uid).toBe(uid);
  expect(run.prepare).toMatchObject({ how: "initdb", dataDir: join(stateDir, "data", "postgres") });
  expect(run.again).toBe("existing");
  expect(run.version).toMatch(/^17\./);
  expect(run.encoding).toEqual({ e: "UTF8", datcollate: "C.UTF-8" });
  expect(run.otherAddressRefused).toBe(true);
  expect(run.kept).toBe(true);
  // The data stays the invoking user's, readable by it alone.
  expect(run.dataOwner).toBe(uid);
  expect(run.dataMode).toBe("700");
  console.log(
    `embedded PostgreSQL as uid ${uid}: initdb ${run.prepare.ms} ms, first start ${run.firstMs} ms, restart ${run.restartMs} ms, stop ${run.firstStopMs} ms`,
  );
}

describe("the embedded PostgreSQL", () => {
  it.runIf(isRoot)("runs as root: initdb and postgres as nobody in a user namespace, the files root's", { timeout: 150_000 }, () => {
    const { run, stateDir } = runFixture(16580);
    expect(run.command).toBe("unshare");
    expectAServer(run, stateDir, 0);
  });

  it("runs as a normal user, as it is", { timeout: 150_000 }, () => {
    const { run, stateDir } = isRoot ? runFixture(16581, NOBODY) : runFixture(16581);
    const uid = isRoot ? NOBODY : (process.getuid?.() as number);
    expect(run.command).toMatch(/\/native\/bin\/postgres$/);
    expectAServer(run, stateDir, uid);
  });
});
