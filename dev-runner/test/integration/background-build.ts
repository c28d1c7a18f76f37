import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { type Binary, resolveBinaries } from "../../src/runtime.js";

/** How long a test may wait for `npm test`'s background build of the servers it needs. */
export const BACKGROUND_BUILD_WAIT_MS = 60 * 60_000;

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
 * (MESH_BACKGROUND_BUILD_PID, .ci/test-all.sh). A test that needs it waits here for that
 * build, printing its progress, and fails with the build's own words if `binaries` are still
 * missing after it. Outside `npm test` (no such build) it returns at once.
 */
export async function builtBeside(binaries: Binary[], log: (line: string) => void = console.log): Promise<void> {
  const pid = Number(process.env.MESH_BACKGROUND_BUILD_PID);
  if (!pid) return;
  const logFile = process.env.MESH_BACKGROUND_BUILD_LOG;
  const started = Date.now();
  let lastSaid = 0;
  while (alive(pid)) {
    if (Date.now() - started > BACKGROUND_BUILD_WAIT_MS)
      throw new Error(`the build of ${binaries.join(", ")} (pid ${pid}) still runs after ${BACKGROUND_BUILD_WAIT_MS / 60_000} min`);
    if (Date.now() - lastSaid >= 30_000) {
      lastSaid = Date.now();
      log(`waiting for the build of ${binaries.join(", ")} beside the tests (pid ${pid}): ${logLines(logFile).at(-1) ?? "starting"}`);
    }
    await sleep(1_000);
  }
  try {
    resolveBinaries(binaries);
  } catch {
    throw new Error(`the build of ${binaries.join(", ")} beside the tests failed:\n${logLines(logFile).slice(-20).join("\n")}`);
  }
}
