import { DeadLetterCliError, mintAdminToken, parseDeadLetterCommand, readSigningKey, runDeadLetterCommand } from "../dead-letters.js";
import { statePaths } from "../runner-state.js";
import { loadProject } from "./project.js";

/** `dead-letters`: the message hospital of a running mesh, through its gateway, as an admin (a token signed with the mesh's own key). */
export async function deadLetters(
  manifestFile: string | undefined,
  args: (string | undefined)[],
  status: string | undefined,
): Promise<number> {
  const parsed = parseDeadLetterCommand(args, status);
  const { root, manifest } = loadProject(manifestFile);
  const gateway = manifest.services.gateway;
  if (!gateway) throw new DeadLetterCliError("the manifest has no gateway service");
  const token = mintAdminToken(readSigningKey(statePaths(root, manifest).dir));
  return runDeadLetterCommand(parsed, `http://127.0.0.1:${gateway.portBase}`, token);
}
