import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseName, withDatabase } from "@auction-mesh/database";
import { parse, stringify } from "yaml";
import { jaegerQueryUrl } from "./jaeger.js";
import { MANIFEST_FILE, Manifest } from "./manifest.js";
import { databaseHomes, embedsPostgres, postgresDataDir } from "./postgres.js";

export interface DerivedMesh {
  manifestFile: string;
  stateDir: string;
  gatewayUrl: string;
  dashboardUrl: string;
  /** Where its Prometheus answers (when `prometheus` kept it). */
  prometheusUrl: string;
  /** Its Jaeger's query API (when `jaeger` kept it). */
  jaegerUrl: string;
  ports: { biddingApp: number; gatewayApp: number; placement: number; scheduler: number };
  /** The services' databases on their server (postgres.ts databaseHomes), each a database of this mesh's own. */
  databases: string[];
  /** The mesh's embedded PostgreSQL, when its profile embeds one (its port shifted, its cluster in the state folder). */
  postgres: { port: number; dataDir: string } | undefined;
}

export interface DeriveOptions {
  /** Added to every port, the embedded servers' included (components read NATS's URL from MESH_NATS_URL, apps Meilisearch's from MESH_MEILISEARCH_URL). */
  shift: number;
  /** Extra environment per service. */
  env?: Record<string, Record<string, string>>;
  profile?: string;
  /** Replicas per service. */
  replicas?: Record<string, number>;
  prefix?: string;
  /**
   * Keep Prometheus in the profiles that embed it (default: left out, so a test mesh spends no
   * CPU on scraping unless it is about metrics).
   */
  prometheus?: boolean;
  /** Keep Jaeger, and with it every span exporter (default: left out, like Prometheus). */
  jaeger?: boolean;
}

/**
 * A copy of the repository's manifest with shifted ports and a private state folder, so
 * tests and benchmarks run a real mesh beside a developer's `npm run dev` without collisions.
 */
export function deriveManifest(root: string, options: DeriveOptions): DerivedMesh {
  const m = parse(readFileSync(join(root, MANIFEST_FILE), "utf8"));
  const stateDir = mkdtempSync(join(tmpdir(), options.prefix ?? "mesh-derived-"));
  m.stateDir = stateDir;
  if (options.profile) m.profile = options.profile;
  for (const part of Object.values(m.controlPlane) as Record<string, number>[]) {
    for (const key of Object.keys(part)) part[key] = (part[key] as number) + options.shift;
  }
  m.dashboard.port += options.shift;
  // Every port of every embedded server (`port`, `httpPort`, `otlpPort`, ...).
  for (const server of Object.values(m.embedded) as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(server))
      if (/port$/i.test(key) && typeof value === "number") server[key] = value + options.shift;
  }
  const leftOut = [...(options.prometheus ? [] : ["prometheus"]), ...(options.jaeger ? [] : ["jaeger"])];
  for (const profile of Object.values(m.profiles) as { embedded?: string[] }[]) {
    profile.embedded = profile.embedded?.filter((server) => !leftOut.includes(server));
  }
  for (const [name, svc] of Object.entries(m.services) as [
    string,
    { portBase: number; replicas?: number; env?: Record<string, string>; database?: string },
  ][]) {
    svc.portBase += options.shift;
    svc.env = { ...svc.env, ...options.env?.[name] };
    if (svc.database) svc.database = `${svc.database}_m${options.shift}`;
    if (svc.env.DATABASE_URL) svc.env.DATABASE_URL = ownDatabase(svc.env.DATABASE_URL, options.shift);
    if (options.replicas?.[name]) svc.replicas = options.replicas[name];
  }
  const manifestFile = join(stateDir, "auction-mesh.derived.yaml");
  writeFileSync(manifestFile, stringify(m));
  const derived = Manifest.parse(m);
  return {
    manifestFile,
    stateDir,
    gatewayUrl: `http://127.0.0.1:${m.services.gateway.portBase}`,
    dashboardUrl: `http://127.0.0.1:${m.dashboard.port}`,
    prometheusUrl: `http://127.0.0.1:${m.embedded.prometheus.port}`,
    jaegerUrl: jaegerQueryUrl(derived),
    ports: {
      biddingApp: m.services.bidding.portBase,
      gatewayApp: m.services.gateway.portBase,
      placement: m.controlPlane.placement.port,
      scheduler: m.controlPlane.scheduler.port,
    },
    databases: Object.values(databaseHomes(derived)),
    postgres: embedsPostgres(derived) ? { port: derived.embedded.postgres.port, dataDir: postgresDataDir(stateDir) } : undefined,
  };
}

/**
 * The same server (a test's own DATABASE_URL: a proxy in front of it), a database named after the shift (`auction_catalogue` → `auction_catalogue_m5000`):
 * a derived mesh's listings, accounts and dead letters are its own, not the developer's or
 * another test file's. Reset them with `resetDatabases` before a run.
 */
function ownDatabase(databaseUrl: string, shift: number): string {
  return withDatabase(databaseUrl, `${databaseName(databaseUrl)}_m${shift}`);
}
