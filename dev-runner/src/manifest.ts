import { resolve } from "node:path";
import { z } from "zod";
import { KubernetesSpec } from "./k8s/spec.js";
import { issuesToProblems, type Problem, readYaml } from "./yaml-source.js";

export const MANIFEST_FILE = "auction-mesh.yaml";

const Port = z.number().int().min(1024, "use a port from 1024 up").max(65535);
const AppId = z.string().regex(/^[a-z][a-z0-9-]*$/, "app ids are lowercase letters, digits and '-'");

/** How far apart the port blocks of a service's replicas are (replica i uses portBase + i*step). */
export const REPLICA_PORT_STEP = 10;

const ServiceSpec = z
  .object({
    /**
     * The app's command, run from the repository root (so relative paths in component YAML
     * mean the same under the runner and under `dapr run -f`).
     */
    command: z.array(z.string().min(1)).min(1),
    /** app = base, dapr HTTP = +1, dapr gRPC = +2, internal gRPC = +3, metrics = +4. */
    portBase: Port,
    replicas: z.number().int().min(1).max(9).default(1),
    dependsOn: z.array(AppId).default([]),
    env: z.record(z.string(), z.string()).default({}),
    /** Restart the app when it exits unexpectedly (with backoff). */
    restart: z.boolean().default(true),
    /** The largest request body its sidecar passes (daprd --max-body-size, e.g. "16Mi"); daprd's default is 4Mi. */
    maxBodySize: z
      .string()
      .regex(/^[1-9][0-9]*(Ki|Mi)$/, 'a size like "16Mi" or "512Ki"')
      .optional(),
    /**
     * The PostgreSQL database the service keeps its data in, on the profile's server (the embedded
     * one, or the profile's postgres.url); the runner hands it the URL as DATABASE_URL (postgres.ts).
     */
    database: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a database name of lowercase letters, digits and '_' (at most 63)")
      .optional(),
  })
  .strict();
export type ServiceSpec = z.infer<typeof ServiceSpec>;

const Profile = z
  .object({
    /** Folder of Component YAML the sidecars load for this profile. */
    components: z.string().min(1),
    /** Servers the runner itself starts for this profile (built by dapr/runtime/install.sh). */
    embedded: z.array(z.enum(["postgres", "nats", "mailpit", "meilisearch", "prometheus", "jaeger"])).default([]),
    /** An installed PostgreSQL the services' databases live on, when the profile embeds none. */
    postgres: z
      .object({
        url: z.string().regex(/^postgres(ql)?:\/\/[^/]+\/?$/, "a server URL without a database, e.g. postgresql://postgres@127.0.0.1:5432"),
      })
      .strict()
      .optional(),
    /** An installed JetStream server the runner creates the streams on (Dapr never creates them). */
    jetStream: z
      .object({ url: z.string().min(1) })
      .strict()
      .optional(),
    description: z.string().optional(),
  })
  .strict();

export const Manifest = z
  .object({
    name: z.string().min(1),
    profile: z.string().min(1),
    stateDir: z.string().min(1).default(".mesh"),
    daprConfig: z.string().min(1),
    /** Resource folders loaded besides the profile's components (subscriptions, resiliency). */
    resources: z.array(z.string().min(1)).default([]),
    profiles: z.record(z.string(), Profile),
    embedded: z
      .object({
        /** The services' PostgreSQL in the profiles that embed it (postgres.ts); its cluster lives in <stateDir>/data/postgres. */
        postgres: z.object({ port: Port }).strict(),
        nats: z
          .object({
            port: Port,
            monitorPort: Port,
            streams: z.array(
              z.object({ name: z.string().regex(/^[A-Za-z0-9_-]+$/), subjects: z.array(z.string().min(1)).min(1) }).strict(),
            ),
          })
          .strict(),
        /** The SMTP server the mail binding sends to in dev and tests; its REST API lists what arrived. */
        mailpit: z.object({ smtpPort: Port, httpPort: Port }).strict(),
        /** The search engine (binary pinned by sha256 in dapr/runtime/tools.env); apps get its URL and key (meilisearch.ts). */
        meilisearch: z.object({ port: Port }).strict(),
        /** Scrapes the mesh's metrics (prometheus.ts writes its configuration into the state folder). */
        prometheus: z.object({ port: Port }).strict(),
        /** Keeps the mesh's traces (jaeger.ts writes its configuration; sidecars and apps export spans to it). */
        jaeger: z
          .object({ otlpPort: Port, queryPort: Port, queryGrpcPort: Port, healthPort: Port, maxTraces: z.number().int().positive() })
          .strict(),
      })
      .strict(),
    controlPlane: z
      .object({
        placement: z.object({ port: Port, healthPort: Port, metricsPort: Port, raftPort: Port }).strict(),
        scheduler: z.object({ port: Port, healthPort: Port, metricsPort: Port, etcdClientPort: Port, etcdPeerPort: Port }).strict(),
        sentry: z.object({ port: Port, healthPort: Port, metricsPort: Port }).strict(),
      })
      .strict(),
    dashboard: z.object({ port: Port }).strict(),
    services: z.record(AppId, ServiceSpec),
    /** How the mesh runs on a cluster (`npm run mesh -- k8s`): what a laptop does not need. */
    kubernetes: KubernetesSpec.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const issue of m.kubernetes ? kubernetesServiceProblems(m.services, m.kubernetes.services) : []) ctx.addIssue(issue);
    if (!m.profiles[m.profile]) {
      ctx.addIssue({
        code: "custom",
        path: ["profile"],
        message: `no profile '${m.profile}' (have: ${Object.keys(m.profiles).join(", ")})`,
      });
    }
    const needDatabases = Object.entries(m.services).filter(([, svc]) => svc.database && !svc.env.DATABASE_URL);
    for (const [name, profile] of Object.entries(m.profiles)) {
      const embeds = profile.embedded.includes("postgres");
      if (embeds && profile.postgres)
        ctx.addIssue({
          code: "custom",
          path: ["profiles", name, "postgres"],
          message: "the profile embeds postgres: drop postgres.url, or 'postgres' from embedded",
        });
      if (!embeds && !profile.postgres && needDatabases.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["profiles", name],
          message: `${needDatabases.map(([s]) => s).join(", ")} keep databases, but this profile has no PostgreSQL: add 'postgres' to embedded, or set postgres.url`,
        });
    }
    for (const [name, svc] of Object.entries(m.services)) {
      svc.dependsOn.forEach((dep, i) => {
        if (!m.services[dep])
          ctx.addIssue({ code: "custom", path: ["services", name, "dependsOn", i], message: `unknown service '${dep}'` });
        if (dep === name)
          ctx.addIssue({ code: "custom", path: ["services", name, "dependsOn", i], message: "a service cannot depend on itself" });
      });
    }
    try {
      startOrder(m.services);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["services"], message: (err as Error).message });
    }
  });
export type Manifest = z.infer<typeof Manifest>;

/** Every service needs its cluster entry (replicas, resources), and an entry needs its service. */
function kubernetesServiceProblems(services: Record<string, unknown>, cluster: Record<string, unknown>) {
  const missing = Object.keys(services)
    .filter((s) => !cluster[s])
    .map((s) => ({ code: "custom" as const, path: ["kubernetes", "services"], message: `no entry for service '${s}'` }));
  const unknown = Object.keys(cluster)
    .filter((s) => !services[s])
    .map((s) => ({ code: "custom" as const, path: ["kubernetes", "services", s], message: `unknown service '${s}'` }));
  return [...missing, ...unknown];
}

/**
 * Services grouped into start levels: every service starts after the levels holding its
 * dependencies, and the services of one level start in parallel.
 */
export function startOrder(services: Record<string, Pick<ServiceSpec, "dependsOn">>): string[][] {
  const levels: string[][] = [];
  const placed = new Set<string>();
  let remaining = Object.keys(services);
  while (remaining.length > 0) {
    const level = remaining.filter((name) => (services[name]?.dependsOn ?? []).every((d) => placed.has(d) || !services[d]));
    if (level.length === 0) throw new Error(`dependency cycle among: ${remaining.join(", ")}`);
    for (const n of level) placed.add(n);
    levels.push(level.sort());
    remaining = remaining.filter((n) => !placed.has(n));
  }
  return levels;
}

export class ManifestError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in ${MANIFEST_FILE}`);
  }
}

export interface LoadOptions {
  /** Another manifest file (tests, alternative set-ups); paths inside stay repo-relative. */
  file?: string;
  profile?: string;
}

/** Reads and validates the manifest; every problem names the file, line and path. */
export function loadManifest(root: string, { file, profile: profileOverride }: LoadOptions = {}): Manifest {
  const { docs, problems } = readYaml(resolve(root, file ?? MANIFEST_FILE), root);
  if (problems.length > 0) throw new ManifestError(problems);
  const doc = docs[0];
  if (!doc) throw new ManifestError([{ file: MANIFEST_FILE, path: "", message: "the manifest is empty" }]);
  const raw = doc.value as Record<string, unknown>;
  if (profileOverride) raw.profile = profileOverride;
  const result = Manifest.safeParse(raw);
  if (!result.success) {
    throw new ManifestError(issuesToProblems(doc, result.error.issues));
  }
  return result.data;
}
