import { clearRunnerState, isAlive, type RunnerState, readRunnerState, statePaths } from "../runner-state.js";
import { loadProject } from "./project.js";

/** `down`: stops a running mesh from another shell. */
export async function down(manifestFile: string | undefined): Promise<number> {
  const { root, manifest } = loadProject(manifestFile);
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
  killLeftoverProcessGroups(state);
  clearRunnerState(paths.runner);
  console.log("the mesh is stopped");
  return 0;
}

/** A runner that died without cleaning up leaves its process groups: end them. */
function killLeftoverProcessGroups(state: RunnerState): void {
  for (const p of state.processes) {
    if (p.pid && isAlive(p.pid)) {
      try {
        process.kill(-p.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}
