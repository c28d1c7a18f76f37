import { join } from "node:path";
import pc from "picocolors";
import { checkMesh, readComponentTypes } from "../check.js";
import type { Manifest } from "../manifest.js";
import { runtimeBinDir } from "../runtime.js";
import { formatProblem } from "../yaml-source.js";
import { loadProject } from "./project.js";

/** `check`: every profile unless one is named: a broken components/redis must not pass as "valid for 'default'". */
export function check(manifestFile: string | undefined, profile: string | undefined): number {
  const { root, manifest } = loadProject(manifestFile, profile);
  const profiles = profile ? [manifest.profile] : Object.keys(manifest.profiles);
  const valid = profiles.map((name) => validate(root, name === manifest.profile ? manifest : loadProject(manifestFile, name).manifest));
  return valid.every(Boolean) ? 0 : 1;
}

/** Checks the mesh configuration of the manifest's profile and prints the verdict; true if valid. */
export function validate(root: string, manifest: Manifest): boolean {
  const types = readComponentTypes(join(runtimeBinDir(), "component-types.txt"));
  const { problems, files } = checkMesh({ root, manifest, componentTypes: types });
  if (problems.length > 0) {
    console.error(pc.red(`✗ ${problems.length} problem(s) in the mesh configuration for profile '${manifest.profile}':`));
    for (const p of problems) console.error(`  ${formatProblem(p)}`);
    return false;
  }
  console.log(
    pc.green(`✓ auction-mesh.yaml and ${files.length} Dapr file(s) are valid for profile '${manifest.profile}'`) +
      (types ? "" : pc.yellow(" (component types not checked: run 'npm run setup')")),
  );
  return true;
}
