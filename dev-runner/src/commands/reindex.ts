import { AppIds } from "@auction-mesh/contracts";
import { replicaPorts } from "../plan.js";
import { runReindex } from "../reindex.js";
import { loadOrCreateTokens, statePaths } from "../runner-state.js";
import { loadProject, UsageError } from "./project.js";

/** `reindex`: rebuilds search's index of a running mesh, through search's first sidecar. */
export async function reindex(manifestFile: string | undefined): Promise<number> {
  const { root, manifest } = loadProject(manifestFile);
  const search = manifest.services[AppIds.search];
  if (!search) throw new UsageError("the manifest has no search service");
  const tokens = loadOrCreateTokens(statePaths(root, manifest).tokens);
  return runReindex(replicaPorts(search.portBase, 0).daprHttp, tokens.dapr);
}
