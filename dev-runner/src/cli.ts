#!/usr/bin/env node
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { AppIds } from "@auction-mesh/contracts";
import pc from "picocolors";
import { checkMesh, readComponentTypes } from "./check.js";
import { startDashboard } from "./dashboard.js";
import { DeadLetterCliError, mintAdminToken, parseDeadLetterCommand, readSigningKey, runDeadLetterCommand } from "./dead-letters.js";
import { loadManifest, type Manifest, ManifestError } from "./manifest.js";
import { BinaryChecksumError, meilisearchEnv, pinnedMeilisearchSha256, verifyBinary, writeGeneratedResources } from "./meilisearch.js";
import { DAPR_CLI_SENTRY_PORT, ensureSentryDir, forwardPort, readTrustAnchors, TRUST_ANCHORS_ENV } from "./mtls.js";
import { planMesh, replicaPorts } from "./plan.js";
import { portConflicts } from "./ports.js";
import { ReindexError, runReindex } from "./reindex.js";
import { daprRunFile } from "./run-file.js";
import {
  clearRunnerState,
  ensureDataDir,
  isAlive,
  loadOrCreateTokens,
  readRunnerState,
  statePaths,
  writeRunnerState,
} from "./runner-state.js";
import { type Binary, MissingBinaryError, resolveBinaries, runtimeBinDir } from "./runtime.js";
import { ensureSecrets, SECRETS_FILE, SIGNING_KEYS_FILE } from "./secrets.js";
import { broadcastConsumerName, envExports, MeshEnvNames, sidecarEnv } from "./sidecar-env.js";
import { statusTable } from "./status-table.js";
import { Supervisor } from "./supervisor.js";
import { formatProblem } from "./yaml-source.js";

const USAGE = `usage: auction-mesh <command> [options]

options: --manifest FILE (default: auction-mesh.yaml in the repository root)

commands:
  up [--profile P] [--only a,b]  validate, then start the whole mesh, or only some services (Ctrl-C stops it)
  control-plane [--profile P]  start only sentry, placement, scheduler and embedded servers (for dapr run -f)
  down                     stop a running mesh (from another shell)
  status                   print the status table of a running mesh
  logs [process] [-f] [-n N]  print (and follow) a process's log; without a name, list them
  check [--profile P]      validate auction-mesh.yaml and every Dapr YAML each profile (or only P) will load
  run-file [--profile P] [--out FILE]  write dapr.yaml for 'dapr run -f dapr.yaml'
  env                      print 'export' lines (API tokens, trust anchors, host address, Meilisearch) for 'dapr run -f'
  dead-letters [list|replay ID|discard ID] [--status S]
                           the message hospital of a running mesh (as an admin: a 5-minute token
                           signed with the mesh's own key from its state folder)
  reindex                  rebuild search's index of a running mesh from the catalogue, with progress
`;

class UsageError extends Error {}

/** Options every command takes. */
const options: { manifest?: string } = {};

/** The repository root and its manifest (or --manifest), with an optional profile override. */
function project(profile?: string): { root: string; manifest: Manifest } {
  const root = findRoot();
  return { root, manifest: loadManifest(root, { file: options.manifest, ...(profile ? { profile } : {}) }) };
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

function validate(root: string, manifest: Manifest): boolean {
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

/** The manifest with only the named services (dependencies on the others are left out, with a note). */
function onlyServices(manifest: Manifest, only: string): Manifest {
  const names = only
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !manifest.services[n]);
  if (unknown.length > 0)
    throw new UsageError(`--only: unknown service(s) ${unknown.join(", ")} (services: ${Object.keys(manifest.services).join(", ")})`);
  const services = Object.fromEntries(names.map((n) => [n, manifest.services[n] as Manifest["services"][string]]));
  for (const [name, svc] of Object.entries(services)) {
    const skipped = svc.dependsOn.filter((d) => !names.includes(d));
    if (skipped.length > 0)
      console.log(pc.yellow(`! ${name} depends on ${skipped.join(", ")}, which --only leaves out: calls to them will fail`));
  }
  return { ...manifest, services };
}

async function run(controlPlaneOnly: boolean, profile: string | undefined, only?: string): Promise<number> {
  const project_ = project(profile);
  const root = project_.root;
  // The configuration is checked whole (scopes name every app), then the subset starts.
  if (!validate(root, project_.manifest)) return 1;
  const manifest = only ? onlyServices(project_.manifest, only) : project_.manifest;
  const activeProfile = manifest.profiles[manifest.profile];
  const needed: Binary[] = [
    "placement",
    "scheduler",
    "sentry",
    ...(controlPlaneOnly ? [] : (["daprd"] as Binary[])),
    ...(activeProfile?.embedded.includes("nats") ? (["nats-server"] as Binary[]) : []),
    ...(activeProfile?.embedded.includes("mailpit") ? (["mailpit"] as Binary[]) : []),
    ...(activeProfile?.embedded.includes("meilisearch") ? (["meilisearch"] as Binary[]) : []),
  ];
  const bins = resolveBinaries(needed);
  // Not built here but fetched prebuilt: checked against its pin before every start (~0.25 s for 131 MB).
  if (needed.includes("meilisearch")) await verifyBinary(bins.meilisearch, pinnedMeilisearchSha256(root));
  const paths = statePaths(root, manifest);
  const existing = readRunnerState(paths.runner);
  if (existing && isAlive(existing.pid)) {
    console.error(pc.red(`✗ a mesh is already running (runner pid ${existing.pid}); stop it with 'npm run mesh -- down'`));
    return 1;
  }
  const tokens = loadOrCreateTokens(paths.tokens);
  ensureDataDir(paths.dir);
  ensureSentryDir(paths.dir);
  writeGeneratedResources(paths.dir, manifest);
  if (ensureSecrets(paths.dir).created)
    console.log(
      pc.dim(
        `generated the local secret stores: ${join(manifest.stateDir, SIGNING_KEYS_FILE)} (the token signing key, identity's alone) and ${join(manifest.stateDir, SECRETS_FILE)} (its public half, connection strings)`,
      ),
    );
  const plan = planMesh(root, manifest, bins, tokens);
  if (controlPlaneOnly) plan.levels = [];
  const claims = controlPlaneOnly
    ? [
        ...plan.ports.filter((c) => /^(nats|mailpit|meilisearch|sentry|placement|scheduler|dashboard)/.test(c.owner)),
        { port: DAPR_CLI_SENTRY_PORT, owner: "sentry forward for dapr run" },
      ]
    : plan.ports;
  const conflicts = await portConflicts(claims);
  if (conflicts.length > 0) {
    console.error(pc.red("✗ cannot start:"));
    for (const c of conflicts) console.error(`  ${c}`);
    return 1;
  }
  const supervisor = new Supervisor({ root, manifest, plan, tokens, logDir: paths.logs, print: (l) => console.log(l) });
  let stopping: Promise<void> | undefined;
  let recorder: NodeJS.Timeout | undefined;
  const stop = (signal: string) => {
    if (!stopping) {
      console.log(pc.bold(`\n${signal}: stopping…`));
      // No more rewrites of the state file once stopping: one after the clear would bring it back.
      clearInterval(recorder);
      stopping = supervisor.down().finally(() => clearRunnerState(paths.runner));
    }
    return stopping;
  };
  const exitOn = (signal: NodeJS.Signals) => process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  exitOn("SIGINT");
  exitOn("SIGTERM");
  exitOn("SIGHUP");
  const dashboard = await startDashboard(supervisor, manifest.name, manifest.profile, manifest.dashboard.port);
  const record = () =>
    writeRunnerState(paths.runner, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      profile: manifest.profile,
      dashboardUrl: `http://127.0.0.1:${manifest.dashboard.port}/`,
      processes: supervisor.processes.map((p) => ({ name: p.spec.name, pid: p.pid })),
    });
  recorder = setInterval(record, 1_000);
  try {
    await supervisor.up();
  } catch {
    clearInterval(recorder);
    dashboard.close();
    clearRunnerState(paths.runner);
    return 1;
  }
  record();
  if (controlPlaneOnly) {
    // `dapr run` points every daprd at localhost:50001 for sentry (see mtls.ts).
    const forward = await forwardPort(DAPR_CLI_SENTRY_PORT, manifest.controlPlane.sentry.port);
    process.once("exit", () => forward.close());
    console.log(pc.dim(`forwarding 127.0.0.1:${DAPR_CLI_SENTRY_PORT} (where 'dapr run' looks for sentry) to sentry`));
  }
  console.log(`\n${statusTable(await supervisor.status())}\n`);
  console.log(`${pc.bold(`dashboard: http://127.0.0.1:${manifest.dashboard.port}/`)}   (Ctrl-C stops everything)`);
  const gateway = manifest.services.gateway;
  if (gateway && !controlPlaneOnly) console.log(pc.bold(`gateway:   http://127.0.0.1:${gateway.portBase}/api/auctions/<id>`));
  await new Promise<never>(() => undefined);
  return 0;
}

async function status(): Promise<number> {
  const { root, manifest } = project();
  const state = readRunnerState(statePaths(root, manifest).runner);
  if (!state || !isAlive(state.pid)) {
    console.log("the mesh is not running");
    return 3;
  }
  const res = await fetch(new URL("/api/status", state.dashboardUrl));
  const body = (await res.json()) as { profile: string; processes: Parameters<typeof statusTable>[0] };
  console.log(`profile ${body.profile} · runner pid ${state.pid} · dashboard ${state.dashboardUrl}\n`);
  console.log(statusTable(body.processes));
  return body.processes.every((p) => p.healthy) ? 0 : 1;
}

async function down(): Promise<number> {
  const { root, manifest } = project();
  const paths = statePaths(root, manifest);
  const state = readRunnerState(paths.runner);
  if (!state) {
    console.log("the mesh is not running");
    return 0;
  }
  if (isAlive(state.pid)) {
    process.kill(state.pid, "SIGTERM");
    const deadline = Date.now() + 30_000;
    while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  }
  // A runner that died without cleaning up leaves its process groups: end them.
  for (const p of state.processes) {
    if (p.pid && isAlive(p.pid)) {
      try {
        process.kill(-p.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
  clearRunnerState(paths.runner);
  console.log("the mesh is stopped");
  return 0;
}

async function logs(name: string | undefined, follow: boolean, lines: number): Promise<number> {
  const { root, manifest } = project();
  const dir = statePaths(root, manifest).logs;
  if (!name) {
    console.log(existsSync(dir) ? "processes with logs:\n" : "no logs yet");
    if (existsSync(dir)) for (const f of readdirSync(dir)) console.log(`  ${f.replace(/\.log$/, "")}`);
    return 0;
  }
  const file = join(dir, `${name}.log`);
  if (!existsSync(file)) throw new UsageError(`no log for '${name}' in ${dir}`);
  const text = readFileSync(file, "utf8").split("\n");
  console.log(text.slice(-lines - 1).join("\n"));
  if (!follow) return 0;
  let offset = statSync(file).size;
  watch(file, () => {
    const size = statSync(file).size;
    if (size <= offset) return;
    createReadStream(file, { start: offset, end: size - 1 }).pipe(process.stdout, { end: false });
    offset = size;
  });
  await new Promise<never>(() => undefined);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: "string" },
      manifest: { type: "string" },
      out: { type: "string" },
      follow: { type: "boolean", short: "f" },
      only: { type: "string" },
      lines: { type: "string", short: "n" },
      status: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, arg, arg2] = positionals;
  if (values.manifest) options.manifest = values.manifest;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "up":
      return run(false, values.profile, values.only);
    case "control-plane":
      return run(true, values.profile);
    case "down":
      return down();
    case "status":
      return status();
    case "logs":
      return logs(arg, values.follow ?? false, Number(values.lines ?? 100));
    case "check": {
      // Every profile unless one is named: a broken components/redis must not pass as "valid for 'default'".
      const { root, manifest } = project(values.profile);
      const profiles = values.profile ? [manifest.profile] : Object.keys(manifest.profiles);
      const valid = profiles.map((profile) => validate(root, profile === manifest.profile ? manifest : project(profile).manifest));
      return valid.every(Boolean) ? 0 : 1;
    }
    case "run-file": {
      const { root, manifest } = project(values.profile);
      const out = resolve(values.out ?? join(root, "dapr.yaml"));
      ensureDataDir(statePaths(root, manifest).dir);
      ensureSecrets(statePaths(root, manifest).dir);
      writeGeneratedResources(statePaths(root, manifest).dir, manifest);
      writeFileSync(out, daprRunFile(manifest, root, out));
      console.log(
        `wrote ${out} (profile ${manifest.profile}). Then:\n  npm run mesh -- control-plane      # sentry, placement, scheduler, embedded servers\n  eval "$(npm run -s mesh -- env)"     # API tokens, trust anchors, host address, Meilisearch URL and key\n  dapr run -f ${relative(process.cwd(), out) || out}`,
      );
      return 0;
    }
    case "env": {
      const { root, manifest } = project();
      const paths = statePaths(root, manifest);
      let anchors: string;
      try {
        anchors = readTrustAnchors(paths.dir);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      // `dapr run -f` runs one replica of each app: replica 0's broadcast consumer.
      const tokens = loadOrCreateTokens(paths.tokens);
      const env = {
        ...sidecarEnv(manifest, tokens, paths.dir),
        // For the apps (like the API tokens, this environment reaches apps and sidecars alike).
        ...meilisearchEnv(manifest, tokens),
        [MeshEnvNames.broadcastConsumer]: broadcastConsumerName(paths.dir, AppIds.gateway, 0),
        [TRUST_ANCHORS_ENV]: anchors,
      };
      process.stdout.write(envExports(env));
      return 0;
    }
    case "dead-letters": {
      const parsed = parseDeadLetterCommand([arg, arg2], values.status);
      const { manifest } = project();
      const gateway = manifest.services.gateway;
      if (!gateway) throw new DeadLetterCliError("the manifest has no gateway service");
      const token = mintAdminToken(readSigningKey(statePaths(findRoot(), manifest).dir));
      return runDeadLetterCommand(parsed, `http://127.0.0.1:${gateway.portBase}`, token);
    }
    case "reindex": {
      const { root, manifest } = project();
      const search = manifest.services[AppIds.search];
      if (!search) throw new UsageError("the manifest has no search service");
      const tokens = loadOrCreateTokens(statePaths(root, manifest).tokens);
      return runReindex(replicaPorts(search.portBase, 0).daprHttp, tokens.dapr);
    }
    default:
      throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ManifestError) {
      console.error(pc.red(`✗ ${err.message}:`));
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
    } else if (
      err instanceof UsageError ||
      err instanceof DeadLetterCliError ||
      err instanceof ReindexError ||
      err instanceof MissingBinaryError ||
      err instanceof BinaryChecksumError ||
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      console.error(pc.red(`✗ ${(err as Error).message}`));
    } else {
      console.error(pc.red(`✗ unexpected error: ${(err as Error).stack ?? err}`));
    }
    process.exit(err instanceof ManifestError || err instanceof UsageError ? 2 : 1);
  },
);
