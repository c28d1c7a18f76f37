import { z } from "zod";

const Quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi)?$/, 'a Kubernetes quantity like "250m", "1", "256Mi"');
const Resources = z.object({ cpu: Quantity, memory: Quantity, cpuLimit: Quantity.optional(), memoryLimit: Quantity }).strict();
const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name");
const DnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-'");

/** How one service runs on a cluster: replicas, what it asks for, and whether it scales on CPU. */
const ClusterService = z
  .object({
    replicas: z.number().int().min(1).max(100).default(1),
    /** HorizontalPodAutoscaler bounds on CPU (omit: a fixed replica count). */
    autoscale: z
      .object({ maxReplicas: z.number().int().min(2).max(100), cpuPercent: z.number().int().min(10).max(100) })
      .strict()
      .optional(),
    app: Resources,
    sidecar: Resources,
    /** Env from Kubernetes Secrets beyond the tokens and DATABASE_URL (e.g. a search engine's key). */
    secretEnv: z.record(EnvName, z.object({ secret: DnsLabel, key: z.string().min(1) }).strict()).default({}),
    /** Reached from outside the mesh (the gateway): its NetworkPolicy lets anyone in on its port. */
    public: z.boolean().default(false),
    /** Why this service runs the way it does (scaling notes), written into its rendered file. */
    note: z.string().optional(),
  })
  .strict();
export type ClusterService = z.infer<typeof ClusterService>;

/**
 * The manifest's `kubernetes` section: what a cluster needs that a laptop does not. Everything
 * else (services, ports, env, components, policies) comes from the rest of the manifest and the
 * Dapr YAML, so `npm run mesh -- k8s` renders the same mesh, not a second copy of it.
 */
export const KubernetesSpec = z
  .object({
    namespace: DnsLabel,
    /** The SPIFFE trust domain in the apps' certificates, which access control matches on. */
    trustDomain: z.string().min(1),
    /** Images are <registry>/<service>:<tag>; k8s/README.md says how to build them. */
    image: z.object({ registry: z.string().min(1), tag: z.string().min(1) }).strict(),
    /** The Dapr control plane's namespace (the chart's default, dapr-system). */
    daprNamespace: DnsLabel.default("dapr-system"),
    /** The OTLP/HTTP endpoint (host:port) sidecars and apps send spans to. */
    traces: z.string().min(1),
    /**
     * What a loopback value of the local mesh is on the cluster: a component's metadata value or a
     * service's env value equal to a key here becomes its value. Anything left on 127.0.0.1 or
     * localhost is refused, naming the file and field.
     */
    values: z.record(z.string(), z.string().min(1)),
    /** The environment each sidecar gets (`dapr.io/env`) for the components' `envRef`s. */
    sidecarEnv: z.record(EnvName, z.string().min(1)),
    /** The apps' env on the cluster beside their manifest env (e.g. Meilisearch's address). */
    appEnv: z.record(EnvName, z.string().min(1)).default({}),
    /**
     * TCP ports of the servers outside the namespace the pods may reach (brokers, stores, SMTP,
     * PostgreSQL, the search engine, the trace collector); everything else outbound is denied.
     */
    serverPorts: z.array(z.number().int().min(1).max(65535)).min(1),
    /** A volume for the files a profile keeps inside daprd (SQLite state, local storage). */
    dataVolume: z.object({ size: Quantity, storageClass: z.string().optional() }).strict(),
    services: z.record(z.string(), ClusterService),
  })
  .strict();
export type KubernetesSpec = z.infer<typeof KubernetesSpec>;
