import { stringify } from "yaml";
import type { Manifest } from "./manifest.js";
import { replicaPorts } from "./plan.js";

/**
 * The same mesh as a Multi-App Run file for `dapr run -f dapr.yaml`. The Dapr CLI starts
 * apps and sidecars but never the control plane or our embedded broker: start those first
 * (`npm run mesh -- control-plane`). Paths are relative to the repository root, where the
 * file is written, and every app runs from there.
 */
export function daprRunFile(manifest: Manifest, tokens: { app: string; dapr: string }): string {
  const profile = manifest.profiles[manifest.profile];
  if (!profile) throw new Error(`no profile '${manifest.profile}'`);
  const { placement, scheduler } = manifest.controlPlane;
  const apps = Object.entries(manifest.services).map(([appId, spec]) => {
    const p = replicaPorts(spec.portBase, 0);
    return {
      appID: appId,
      appDirPath: ".",
      appPort: p.app,
      appProtocol: "http",
      daprHTTPPort: p.daprHttp,
      daprGRPCPort: p.daprGrpc,
      daprInternalGRPCPort: p.daprInternalGrpc,
      metricsPort: p.daprMetrics,
      command: spec.command,
      env: { ...spec.env, APP_ID: appId, APP_PORT: String(p.app), DAPR_HTTP_PORT: String(p.daprHttp) },
    };
  });
  const file = {
    version: 1,
    common: {
      resourcesPaths: [profile.components, ...manifest.resources],
      configFilePath: manifest.daprConfig,
      apiListenAddresses: "127.0.0.1",
      placementHostAddress: `127.0.0.1:${placement.port}`,
      schedulerHostAddress: `127.0.0.1:${scheduler.port}`,
      env: { APP_API_TOKEN: tokens.app, DAPR_API_TOKEN: tokens.dapr },
    },
    apps,
  };
  return `# Generated from auction-mesh.yaml by \`npm run mesh -- run-file\`; do not edit.\n# Profile: ${manifest.profile}. Holds this environment's API tokens: kept out of git.\n${stringify(file)}`;
}
