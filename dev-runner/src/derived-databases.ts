import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dropDatabase } from "@auction-mesh/database";
import type { DerivedMesh } from "./derive.js";
import { isAlive } from "./runner-state.js";

/**
 * Empties a derived mesh's databases, so its services start on empty ones (they create and
 * migrate them at start): a test or benchmark run sees only what it made, whatever earlier
 * runs on this machine left behind. On an installed server (this machine's) its databases are
 * dropped. The embedded server belongs to the mesh and is not running before its `up`: its
 * cluster is deleted, and the runner makes a new one from the cached initdb template at start;
 * if it is running (a second `up` of a mesh whose runner still lives), the databases are
 * dropped through it instead.
 */
export async function resetDatabases(mesh: DerivedMesh): Promise<void> {
  const embedded = mesh.postgres;
  const embeddedRuns = embedded !== undefined && clusterRuns(embedded.dataDir);
  if (embedded && !embeddedRuns) rmSync(embedded.dataDir, { recursive: true, force: true });
  for (const url of mesh.databases) {
    const where = new URL(url);
    if (embedded && !embeddedRuns && where.port === String(embedded.port)) continue;
    try {
      await dropDatabase(url);
    } catch (err) {
      throw new Error(`could not reset database ${where.pathname.slice(1)} on ${where.host}: ${(err as Error).message}`);
    }
  }
}

/** Whether a postmaster runs on the cluster: postmaster.pid's first line names a live process. */
export function clusterRuns(dataDir: string): boolean {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid);
}
