import { writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { writeTracingConfig } from "../jaeger.js";
import { writeGeneratedResources } from "../meilisearch.js";
import { daprRunFile } from "../run-file.js";
import { ensureDataDir, statePaths } from "../runner-state.js";
import { ensureSecrets } from "../secrets.js";
import { loadProject } from "./project.js";

/** `run-file`: writes dapr.yaml (or --out) for `dapr run -f`, with the state folder its sidecars need. */
export function runFile(manifestFile: string | undefined, profile: string | undefined, outFile: string | undefined): number {
  const { root, manifest } = loadProject(manifestFile, profile);
  const out = resolve(outFile ?? join(root, "dapr.yaml"));
  ensureDataDir(statePaths(root, manifest).dir);
  ensureSecrets(statePaths(root, manifest).dir);
  writeGeneratedResources(statePaths(root, manifest).dir, manifest);
  writeTracingConfig(root, statePaths(root, manifest).dir, manifest);
  writeFileSync(out, daprRunFile(manifest, root, out));
  console.log(
    `wrote ${out} (profile ${manifest.profile}). Then:\n  npm run mesh -- control-plane      # sentry, placement, scheduler, embedded servers\n  eval "$(npm run -s mesh -- env)"     # API tokens, trust anchors, host address, Meilisearch URL and key, trace endpoint\n  dapr run -f ${relative(process.cwd(), out) || out}`,
  );
  return 0;
}
