import type { PortClaim } from "../ports.js";

/** A part of the plan with the ports it claims (checked for conflicts before anything starts). */
export interface PlannedWithPorts<T> {
  plan: T;
  ports: PortClaim[];
}

/** One claim per named port, owned by `<owner> <name>` (how a port conflict names it). */
export function portClaims(owner: string, named: Record<string, number>): PortClaim[] {
  return Object.entries(named).map(([what, port]) => ({ port, owner: `${owner} ${what}` }));
}
