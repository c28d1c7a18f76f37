import { join } from "node:path";
import pc from "picocolors";
import { writeTracingConfig } from "../jaeger.js";
import type { Manifest } from "../manifest.js";
import { pinnedMeilisearchSha256, verifyBinary, writeGeneratedResources } from "../meilisearch.js";
import { DAPR_CLI_SENTRY_PORT, ensureSentryDir } from "../mtls.js";
import { type MeshPlan, planMesh } from "../plan.js";
import { type PortClaim, portConflicts } from "../ports.js";
import { embedsPostgres, type PostgresBinaries, postgresBinaries, prepareEmbeddedPostgres } from "../postgres.js";
import { findPrometheus, writePrometheusConfig } from "../prometheus.js";
import { ensureDataDir, isAlive, loadOrCreateTokens, readRunnerState, statePaths } from "../runner-state.js";
import { type Binary, resolveBinaries } from "../runtime.js";
import { ensureSecrets, SECRETS_FILE, SIGNING_KEYS_FILE } from "../secrets.js";
import { Supervisor } from "../supervisor.js";
import { validate } from "./check.js";
import { onlyServices } from "./only-services.js";
import { loadProject } from "./project.js";
import { runUntilStopped } from "./supervise.js";

export interface UpOptions {
  manifestFile: string | undefined;
  profile: string | undefined;
  /** --only: a comma-separated list of the services to start. */
  only?: string | undefined;
  /** `control-plane`: sentry, placement, scheduler and the embedded servers, for `dapr run -f`. */
  controlPlaneOnly: boolean;
}

/** `up` and `control-plane`: validate, then start the mesh and keep it running until a signal stops it. */
export async function up({ manifestFile, profile, only, controlPlaneOnly }: UpOptions): Promise<number> {
  const project = loadProject(manifestFile, profile);
  const root = project.root;
  // The configuration is checked whole (scopes name every app), then the subset starts.
  if (!validate(root, project.manifest)) return 1;
  const prometheus = findPrometheus();
  const manifest = withoutMissingPrometheus(only ? onlyServices(project.manifest, only) : project.manifest, prometheus);
  const postgres = embedsPostgres(manifest) ? postgresBinaries() : undefined;
  const bins = {
    ...(await verifiedBinaries(root, manifest, controlPlaneOnly)),
    ...(prometheus ? { prometheus } : {}),
    ...(postgres ? { postgres: postgres.postgres } : {}),
  };
  const paths = statePaths(root, manifest);
  if (anotherMeshRuns(paths.runner)) return 1;
  const tokens = loadOrCreateTokens(paths.tokens);
  prepareStateDir(root, paths.dir, manifest);
  if (postgres) prepareCluster(paths.dir, postgres);
  const plan = planMesh(root, manifest, bins, tokens);
  if (controlPlaneOnly) plan.levels = [];
  if (!(await portsAreFree(portsToCheck(plan, controlPlaneOnly)))) return 1;
  const supervisor = new Supervisor({ root, manifest, plan, tokens, logDir: paths.logs, print: (l) => console.log(l) });
  return runUntilStopped(supervisor, manifest, paths.runner, controlPlaneOnly);
}

function neededBinaries(manifest: Manifest, controlPlaneOnly: boolean): Binary[] {
  const activeProfile = manifest.profiles[manifest.profile];
  return [
    "placement",
    "scheduler",
    "sentry",
    ...(controlPlaneOnly ? [] : (["daprd"] as Binary[])),
    ...(activeProfile?.embedded.includes("nats") ? (["nats-server"] as Binary[]) : []),
    ...(activeProfile?.embedded.includes("mailpit") ? (["mailpit"] as Binary[]) : []),
    ...(activeProfile?.embedded.includes("meilisearch") ? (["meilisearch"] as Binary[]) : []),
    ...(activeProfile?.embedded.includes("jaeger") ? (["jaeger"] as Binary[]) : []),
  ];
}

async function verifiedBinaries(root: string, manifest: Manifest, controlPlaneOnly: boolean): Promise<Record<Binary, string>> {
  const needed = neededBinaries(manifest, controlPlaneOnly);
  const bins = resolveBinaries(needed);
  // Not built here but fetched prebuilt: checked against its pin before every start (~0.25 s for 131 MB).
  if (needed.includes("meilisearch")) await verifyBinary(bins.meilisearch, pinnedMeilisearchSha256(root));
  return bins;
}

function anotherMeshRuns(runnerFile: string): boolean {
  const existing = readRunnerState(runnerFile);
  if (!existing || !isAlive(existing.pid)) return false;
  console.error(pc.red(`✗ a mesh is already running (runner pid ${existing.pid}); stop it with 'npm run mesh -- down'`));
  return true;
}

/**
 * Metrics are worth having, not worth refusing to start over: without a Prometheus binary the
 * mesh runs unscraped, and says so.
 */
function withoutMissingPrometheus(manifest: Manifest, binary: string | undefined): Manifest {
  const profile = manifest.profiles[manifest.profile];
  if (binary || !profile?.embedded.includes("prometheus")) return manifest;
  console.log(
    pc.yellow(
      "! Prometheus is not installed (apt-get install prometheus, or MESH_PROMETHEUS_BIN): the mesh runs, its metrics are not scraped",
    ),
  );
  const embedded = profile.embedded.filter((server) => server !== "prometheus");
  return { ...manifest, profiles: { ...manifest.profiles, [manifest.profile]: { ...profile, embedded } } };
}

/** The state folder's data, sentry's folder, the generated resources and the local secret stores. */
function prepareStateDir(root: string, stateDir: string, manifest: Manifest): void {
  ensureDataDir(stateDir);
  ensureSentryDir(stateDir);
  writeGeneratedResources(stateDir, manifest);
  if (manifest.profiles[manifest.profile]?.embedded.includes("prometheus")) writePrometheusConfig(root, stateDir, manifest);
  writeTracingConfig(root, stateDir, manifest);
  if (ensureSecrets(stateDir).created)
    console.log(
      pc.dim(
        `generated the local secret stores: ${join(manifest.stateDir, SIGNING_KEYS_FILE)} (the token signing key, identity's alone) and ${join(manifest.stateDir, SECRETS_FILE)} (its public half, connection strings)`,
      ),
    );
}

/** The embedded PostgreSQL's cluster: made on a state folder's first start (initdb, or a copy of its cached result). */
function prepareCluster(stateDir: string, binaries: PostgresBinaries): void {
  const cluster = prepareEmbeddedPostgres(stateDir, binaries);
  const seconds = (cluster.ms / 1000).toFixed(1);
  if (cluster.how === "initdb")
    console.log(pc.dim(`created the embedded PostgreSQL's cluster in ${cluster.dataDir} with initdb (${seconds}s)`));
  if (cluster.how === "template")
    console.log(pc.dim(`created the embedded PostgreSQL's cluster in ${cluster.dataDir} from the cached initdb template (${seconds}s)`));
}

/** The whole plan's ports, or for `control-plane` only the control plane's, embedded servers' and the sentry forward's. */
function portsToCheck(plan: MeshPlan, controlPlaneOnly: boolean): PortClaim[] {
  if (!controlPlaneOnly) return plan.ports;
  return [
    ...plan.ports.filter((c) => /^(postgres|nats|mailpit|meilisearch|prometheus|sentry|placement|scheduler|dashboard)/.test(c.owner)),
    { port: DAPR_CLI_SENTRY_PORT, owner: "sentry forward for dapr run" },
  ];
}

async function portsAreFree(claims: PortClaim[]): Promise<boolean> {
  const conflicts = await portConflicts(claims);
  if (conflicts.length === 0) return true;
  console.error(pc.red("✗ cannot start:"));
  for (const c of conflicts) console.error(`  ${c}`);
  return false;
}
