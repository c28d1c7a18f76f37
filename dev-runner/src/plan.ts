import type { Manifest } from "./manifest.js";
import { planContext } from "./plan/context.js";
import { controlPlanePortClaims, controlPlaneProcesses } from "./plan/control-plane.js";
import { embeddedServers } from "./plan/embedded.js";
import { serviceLevels } from "./plan/services.js";
import type { MeshPlan, Tokens } from "./plan/types.js";
import type { Binary } from "./runtime.js";

export { replicaName, replicaPorts } from "./plan/services.js";
export type { MeshPlan, ProcessKind, ProcessSpec, ReplicaPlan, Tokens } from "./plan/types.js";

/** Turns the manifest into the processes to run. Pure: no I/O, so it is unit-tested. */
export function planMesh(root: string, manifest: Manifest, bins: Partial<Record<Binary, string>>, tokens: Tokens): MeshPlan {
  const ctx = planContext(root, manifest, bins, tokens);
  const embedded = embeddedServers(ctx);
  const services = serviceLevels(ctx);
  const replicas = services.flat().flatMap((s) => s.replicas);
  return {
    embedded: embedded.map((server) => server.plan),
    controlPlane: controlPlaneProcesses(ctx),
    levels: services.map((level) => level.map(({ service, replicas }) => ({ service, replicas: replicas.map((r) => r.plan) }))),
    ports: [
      { port: manifest.dashboard.port, owner: "dashboard" },
      ...embedded.flatMap((server) => server.ports),
      ...controlPlanePortClaims(manifest.controlPlane),
      ...replicas.flatMap((r) => r.ports),
    ],
  };
}
