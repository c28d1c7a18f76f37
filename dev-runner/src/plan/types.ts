import type { PortClaim } from "../ports.js";

export type ProcessKind = "embedded" | "control-plane" | "app" | "sidecar";

/** Everything needed to start, watch and describe one process of the mesh. */
export interface ProcessSpec {
  name: string;
  kind: ProcessKind;
  service?: string;
  replica?: number;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Variables whose values are read from these files at each start (the trust bundle). */
  envFromFiles?: Record<string, string>;
  /**
   * Polled until it answers before the process counts as up: an http:// URL must answer 2xx, a
   * postgresql:// one must take a connection and `SELECT 1` (wait.ts).
   */
  healthUrl: string;
  ports: Record<string, number>;
  restart: boolean;
  /** Said with the log's path when the process does not become healthy (where its data lives). */
  hint?: string;
}

export interface ReplicaPlan {
  app: ProcessSpec;
  sidecar: ProcessSpec;
}

export interface MeshPlan {
  embedded: ProcessSpec[];
  controlPlane: ProcessSpec[];
  /** Start levels: services in one level start together, after the previous level is up. */
  levels: { service: string; replicas: ReplicaPlan[] }[][];
  ports: PortClaim[];
}

export interface Tokens {
  /** Sent by each sidecar to its app (APP_API_TOKEN). */
  app: string;
  /** Required by each sidecar's API (DAPR_API_TOKEN). */
  dapr: string;
  /** The embedded Meilisearch's master key (MEILI_MASTER_KEY; apps get it as MESH_MEILISEARCH_KEY). */
  meilisearch: string;
}
