import { AppIds } from "@auction-mesh/contracts";
import { tracingEnv } from "../jaeger.js";
import { meilisearchEnv } from "../meilisearch.js";
import { readTrustAnchors, TRUST_ANCHORS_ENV } from "../mtls.js";
import { loadOrCreateTokens, statePaths } from "../runner-state.js";
import { broadcastConsumerName, envExports, MeshEnvNames, sidecarEnv } from "../sidecar-env.js";
import { loadProject, UsageError } from "./project.js";

/** `env`: `export` lines for the shell that runs `dapr run -f` (its apps and sidecars inherit them). */
export function env(manifestFile: string | undefined): number {
  const { root, manifest } = loadProject(manifestFile);
  const paths = statePaths(root, manifest);
  let anchors: string;
  try {
    anchors = readTrustAnchors(paths.dir);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // `dapr run -f` runs one replica of each app: replica 0's broadcast consumer.
  const tokens = loadOrCreateTokens(paths.tokens);
  const vars = {
    ...sidecarEnv(manifest, tokens, paths.dir),
    // For the apps (like the API tokens, this environment reaches apps and sidecars alike).
    ...meilisearchEnv(manifest, tokens),
    ...tracingEnv(manifest),
    [MeshEnvNames.broadcastConsumer]: broadcastConsumerName(paths.dir, AppIds.gateway, 0),
    [TRUST_ANCHORS_ENV]: anchors,
  };
  process.stdout.write(envExports(vars));
  return 0;
}
