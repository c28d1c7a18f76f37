import { dropDatabase } from "@auction-mesh/database";
import type { DerivedMesh } from "./derive.js";

/**
 * Drops a derived mesh's databases, so its services start on empty ones (they create and
 * migrate them at start): a test or benchmark run sees only what it made, whatever earlier
 * runs on this machine left behind.
 */
export async function resetDatabases(mesh: DerivedMesh): Promise<void> {
  for (const url of mesh.databases) {
    try {
      await dropDatabase(url);
    } catch (err) {
      const where = new URL(url);
      throw new Error(`could not reset database ${where.pathname.slice(1)} on ${where.host}: ${(err as Error).message}`);
    }
  }
}
