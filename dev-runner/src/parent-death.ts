import { existsSync } from "node:fs";

/** util-linux's setpriv (essential on Debian and most Linux systems). */
const SETPRIV = "/usr/bin/setpriv";

/**
 * The command that runs `command args` so the kernel kills it when the process that spawned it
 * dies (PR_SET_PDEATHSIG through `setpriv --pdeathsig`, which then execs the command: same pid,
 * same process group). Mesh processes run in process groups of their own so a stop reaches
 * their children; without this, a runner that is SIGKILLed (a test worker ended, a session
 * stopped) leaves daprd, placement and services behind, holding the ports the next run needs.
 * Where setpriv is missing (macOS), the command runs as it is.
 */
export function diesWithParent(command: string, args: readonly string[]): { command: string; args: string[] } {
  if (process.platform !== "linux" || !existsSync(SETPRIV)) return { command, args: [...args] };
  return { command: SETPRIV, args: ["--pdeathsig", "SIGKILL", "--", command, ...args] };
}
