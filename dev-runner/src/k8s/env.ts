import { MANIFEST_FILE } from "../manifest.js";
import type { Problem } from "../yaml-source.js";
import { LOOPBACK } from "./components.js";
import type { KubernetesSpec } from "./spec.js";

/**
 * A service's manifest env as the cluster needs it: loopback values become their cluster values
 * (`kubernetes.values`), then `kubernetes.appEnv` is added; anything still on loopback is refused.
 */
export function clusterAppEnv(
  service: string,
  env: Record<string, string>,
  spec: KubernetesSpec,
): { env: Record<string, string>; problems: Problem[] } {
  const problems: Problem[] = [];
  const mapped = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, spec.values[value] ?? value]));
  for (const [name, value] of Object.entries(mapped)) {
    if (LOOPBACK.test(value))
      problems.push({
        file: MANIFEST_FILE,
        path: `services.${service}.env.${name}`,
        message: `'${value}' is a loopback address: add its cluster value to kubernetes.values`,
      });
  }
  return { env: { ...mapped, ...spec.appEnv }, problems };
}
