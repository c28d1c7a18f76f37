import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { resolveBinaries } from "../../src/runtime.js";

/** How long a test that needs Jaeger may wait for `npm test`'s background build of it. */
export const JAEGER_BUILD_WAIT_MS = 60 * 60_000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const logLines = (file: string | undefined) => (file && existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

/**
 * `npm test` builds Jaeger at idle priority beside the tests that do not need it
 * (MESH_JAEGER_BUILD_PID, .ci/test-all.sh). A test mesh that embeds Jaeger waits here for that
 * build, printing its progress, and fails with the build's own words if it failed. Outside
 * `npm test` (no such build) it returns at once.
 */
export async function jaegerBuilt(log: (line: string) => void = console.log): Promise<void> {
  const pid = Number(process.env.MESH_JAEGER_BUILD_PID);
  if (!pid) return;
  const logFile = process.env.MESH_JAEGER_BUILD_LOG;
  const started = Date.now();
  let lastSaid = 0;
  while (alive(pid)) {
    if (Date.now() - started > JAEGER_BUILD_WAIT_MS)
      throw new Error(`Jaeger's build (pid ${pid}) still runs after ${JAEGER_BUILD_WAIT_MS / 60_000} min`);
    if (Date.now() - lastSaid >= 30_000) {
      lastSaid = Date.now();
      log(`waiting for Jaeger's build beside the tests (pid ${pid}): ${logLines(logFile).at(-1) ?? "starting"}`);
    }
    await sleep(1_000);
  }
  try {
    resolveBinaries(["jaeger"]);
  } catch {
    throw new Error(`Jaeger's build beside the tests failed:\n${logLines(logFile).slice(-20).join("\n")}`);
  }
}
