import pc from "picocolors";
import type { Manifest } from "../manifest.js";
import { UsageError } from "./project.js";

/** The manifest with only the named services (dependencies on the others are left out, with a note). */
export function onlyServices(manifest: Manifest, only: string): Manifest {
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
