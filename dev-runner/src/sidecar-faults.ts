/**
 * Faults that leave a daprd running but useless. daprd exits when a component fails to
 * initialise, except for its name resolver: it logs the error and serves on, unregistered, so
 * every call to its app fails with 500 while its health endpoint says all is well. A sidecar
 * that logs one of these is restarted by the runner.
 */
const NAME_RESOLUTION_INIT_FAILURE = /INIT_COMPONENT_FAILURE\]: initialization error occurred for nr \(/;

/** Why a sidecar that printed `line` must be restarted, or undefined when it need not be. */
export function sidecarFault(line: string): string | undefined {
  if (!NAME_RESOLUTION_INIT_FAILURE.test(line)) return undefined;
  let detail = line;
  try {
    detail = String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
  } catch {
    // daprd logs in text when not asked for JSON: keep the line as it is
  }
  return `its name resolver failed to start (${detail})`;
}
