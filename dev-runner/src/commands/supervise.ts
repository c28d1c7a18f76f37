import pc from "picocolors";
import { startDashboard } from "../dashboard.js";
import type { Manifest } from "../manifest.js";
import { DAPR_CLI_SENTRY_PORT, forwardPort } from "../mtls.js";
import { clearRunnerState, writeRunnerState } from "../runner-state.js";
import { statusTable } from "../status-table.js";
import type { Supervisor } from "../supervisor.js";

interface RunnerStateRecorder {
  /** Writes the state file now. */
  record(): void;
  /** Rewrites it every second from now on. */
  start(): void;
  stop(): void;
}

/**
 * Starts the dashboard and the supervised processes, then runs until SIGINT, SIGTERM or SIGHUP
 * stops everything (resolving never); 1 if the mesh does not come up.
 */
export async function runUntilStopped(
  supervisor: Supervisor,
  manifest: Manifest,
  runnerFile: string,
  controlPlaneOnly: boolean,
): Promise<number> {
  const recorder = runnerStateRecorder(supervisor, manifest, runnerFile);
  stopOnSignals(supervisor, recorder, runnerFile);
  const dashboard = await startDashboard(supervisor, manifest.name, manifest.profile, manifest.dashboard.port);
  recorder.start();
  try {
    await supervisor.up();
  } catch {
    recorder.stop();
    dashboard.close();
    clearRunnerState(runnerFile);
    return 1;
  }
  recorder.record();
  if (controlPlaneOnly) await forwardSentryForDaprRun(manifest);
  await printRunning(supervisor, manifest, controlPlaneOnly);
  await new Promise<never>(() => undefined);
  return 0;
}

/** The runner's state file, which `status`, `down` and `logs` read from another shell. */
function runnerStateRecorder(supervisor: Supervisor, manifest: Manifest, runnerFile: string): RunnerStateRecorder {
  let timer: NodeJS.Timeout | undefined;
  const record = () =>
    writeRunnerState(runnerFile, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      profile: manifest.profile,
      dashboardUrl: `http://127.0.0.1:${manifest.dashboard.port}/`,
      processes: supervisor.processes.map((p) => ({ name: p.spec.name, pid: p.pid })),
    });
  return {
    record,
    start: () => {
      timer = setInterval(record, 1_000);
    },
    stop: () => clearInterval(timer),
  };
}

/** On SIGINT, SIGTERM or SIGHUP: stop every process once, clear the state file, exit 0. */
function stopOnSignals(supervisor: Supervisor, recorder: RunnerStateRecorder, runnerFile: string): void {
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (!stopping) {
      console.log(pc.bold(`\n${signal}: stopping…`));
      // No more rewrites of the state file once stopping: one after the clear would bring it back.
      recorder.stop();
      stopping = supervisor.down().finally(() => clearRunnerState(runnerFile));
    }
    return stopping;
  };
  const exitOn = (signal: NodeJS.Signals) => process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  exitOn("SIGINT");
  exitOn("SIGTERM");
  exitOn("SIGHUP");
}

/** `dapr run` points every daprd at localhost:50001 for sentry (see mtls.ts). */
async function forwardSentryForDaprRun(manifest: Manifest): Promise<void> {
  const forward = await forwardPort(DAPR_CLI_SENTRY_PORT, manifest.controlPlane.sentry.port);
  process.once("exit", () => forward.close());
  console.log(pc.dim(`forwarding 127.0.0.1:${DAPR_CLI_SENTRY_PORT} (where 'dapr run' looks for sentry) to sentry`));
}

async function printRunning(supervisor: Supervisor, manifest: Manifest, controlPlaneOnly: boolean): Promise<void> {
  console.log(`\n${statusTable(await supervisor.status())}\n`);
  console.log(`${pc.bold(`dashboard: http://127.0.0.1:${manifest.dashboard.port}/`)}   (Ctrl-C stops everything)`);
  const gateway = manifest.services.gateway;
  if (gateway && !controlPlaneOnly) console.log(pc.bold(`gateway:   http://127.0.0.1:${gateway.portBase}/api/auctions/<id>`));
}
