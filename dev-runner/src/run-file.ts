import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { meshDaprConfigFile } from "./jaeger.js";
import type { Manifest } from "./manifest.js";
import { generatedResourcesDir } from "./meilisearch.js";
import { replicaPorts } from "./plan.js";
import { databaseEnv } from "./postgres.js";

/**
 * The same mesh as a Multi-App Run file for `dapr run -f dapr.yaml`. The Dapr CLI starts
 * apps and sidecars but never the control plane or our embedded broker: start those first
 * (`npm run mesh -- control-plane`). The Dapr CLI reads paths relative to the file; every
 * app and its sidecar run from the mesh's state folder (relative paths in component YAML
 * resolve there), so file arguments of a service's command, a program named by a path (the Go
 * service's binary) and environment values naming a file or folder of the repository (its
 * schemas) are rewritten relative to it.
 *
 * The API tokens are not written here: the Dapr CLI hands its own environment to daprd (the
 * run file's `env` reaches only the apps), so they go in the environment of `dapr run`
 * (`npm run mesh -- env`), which both the apps and the sidecars inherit; so do the mTLS trust
 * anchors (DAPR_TRUST_ANCHORS) and, with the other secret there, Meilisearch's URL and master
 * key (MESH_MEILISEARCH_URL, MESH_MEILISEARCH_KEY; `control-plane` starts Meilisearch). A
 * service's DATABASE_URL names its database on the profile's PostgreSQL (`control-plane` starts
 * the embedded one; it trusts loopback, so the URL holds no secret). The CLI turns mTLS on itself, from the Configuration's
 * `mtls.enabled`, with sentry at localhost:50001 (forwarded by `control-plane`).
 */
export function daprRunFile(manifest: Manifest, root = ".", outFile = "dapr.yaml"): string {
  const fromFile = (p: string) => relative(dirname(resolve(root, outFile)), resolve(root, p)) || ".";
  const profile = manifest.profiles[manifest.profile];
  if (!profile) throw new Error(`no profile '${manifest.profile}'`);
  const { placement, scheduler } = manifest.controlPlane;
  const stateDir = resolve(root, manifest.stateDir);
  // A path is a value with a "/" that names something in the repository ("apps" or "" alone is no path).
  const fromStateDir = (arg: string) =>
    arg.includes("/") && existsSync(resolve(root, arg)) ? relative(stateDir, resolve(root, arg)) : arg;
  // A program named by a path is found from the state folder too, built or not; `node` is looked up on PATH.
  const program = (cmd: string) => (cmd.includes("/") ? relative(stateDir, resolve(root, cmd)) : cmd);
  const apps = Object.entries(manifest.services).map(([appId, spec]) => {
    const p = replicaPorts(spec.portBase, 0);
    return {
      appID: appId,
      appDirPath: fromFile(manifest.stateDir),
      appPort: p.app,
      appProtocol: "http",
      daprHTTPPort: p.daprHttp,
      daprGRPCPort: p.daprGrpc,
      daprInternalGRPCPort: p.daprInternalGrpc,
      metricsPort: p.daprMetrics,
      ...(spec.maxBodySize ? { maxBodySize: spec.maxBodySize } : {}),
      command: [program(spec.command[0] as string), ...spec.command.slice(1).map(fromStateDir)],
      env: {
        // The profile's PostgreSQL (`control-plane` starts the embedded one), as under the runner.
        ...databaseEnv(manifest, appId),
        ...Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, fromStateDir(v)])),
        APP_ID: appId,
        APP_PORT: String(p.app),
        DAPR_HTTP_PORT: String(p.daprHttp),
      },
    };
  });
  const file = {
    version: 1,
    common: {
      resourcesPaths: [profile.components, ...manifest.resources].map(fromFile).concat(fromFile(generatedResourcesDir(stateDir))),
      // The manifest's Configuration with this mesh's trace exporter (written beside the resources).
      configFilePath: fromFile(meshDaprConfigFile(stateDir)),
      apiListenAddresses: "127.0.0.1",
      placementHostAddress: `127.0.0.1:${placement.port}`,
      schedulerHostAddress: `127.0.0.1:${scheduler.port}`,
    },
    apps,
  };
  return `# Generated from auction-mesh.yaml by \`npm run mesh -- run-file\`; do not edit.\n# Profile: ${manifest.profile}. Set the environment first: eval "$(npm run -s mesh -- env)"\n${stringify(file)}`;
}
