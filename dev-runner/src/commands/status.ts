import { isAlive, readRunnerState, statePaths } from "../runner-state.js";
import { statusTable } from "../status-table.js";
import { loadProject } from "./project.js";

/** `status`: the status table of a running mesh, from its dashboard; 3 when none runs, 1 when a process is unhealthy. */
export async function status(manifestFile: string | undefined): Promise<number> {
  const { root, manifest } = loadProject(manifestFile);
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
