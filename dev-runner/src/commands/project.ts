import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadManifest, type Manifest } from "../manifest.js";

/** A mistake in how the command was called: the CLI prints its message and exits with 2. */
export class UsageError extends Error {}

/** The repository root and its manifest (or --manifest), with an optional profile override. */
export function loadProject(manifestFile: string | undefined, profile?: string): { root: string; manifest: Manifest } {
  const root = findRoot();
  return { root, manifest: loadManifest(root, { file: manifestFile, ...(profile ? { profile } : {}) }) };
}

function findRoot(): string {
  let dir = process.cwd();
  while (!existsSync(join(dir, "auction-mesh.yaml"))) {
    const parent = resolve(dir, "..");
    if (parent === dir) throw new UsageError("no auction-mesh.yaml in this folder or any parent");
    dir = parent;
  }
  return dir;
}
