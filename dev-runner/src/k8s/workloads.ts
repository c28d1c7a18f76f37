import type { ServiceSpec } from "../manifest.js";
import {
  APP_UID,
  ClusterSecrets,
  DATA_MOUNT,
  DATA_VOLUME,
  IMAGE_WORKDIR,
  labelsOf,
  SIDECAR_GID,
  SidecarPorts,
  selectorOf,
} from "./names.js";
import type { ClusterService, KubernetesSpec } from "./spec.js";

type Raw = Record<string, unknown>;
/** Every app's health routes (HealthPaths in mesh/service-kit; the Go service has the same). */
const HealthPaths = { live: "/healthz/live", ready: "/healthz/ready" } as const;
type EnvVar = { name: string; value?: string; valueFrom?: Raw };

/** What one service needs on a cluster, from the manifest, its `kubernetes.services` entry and its components. */
export interface WorkloadInput {
  service: string;
  local: ServiceSpec;
  cluster: ClusterService;
  spec: KubernetesSpec;
  /** The Configuration the sidecars load (dapr.io/config). */
  configuration: string;
  /** The app's env with loopback values already mapped (env.ts). */
  env: Record<string, string>;
  /** `envRef`s its components read, given to its sidecar. */
  sidecarEnv: Record<string, string>;
  /** Its components keep files inside daprd: one pod, with a volume. */
  keepsFiles: boolean;
  /** Its sidecar's env names a durable consumer after the pod ({podName}): pods need stable names. */
  stableNames: boolean;
  /** The Kubernetes Secrets its sidecar reads (its components' references, its secret stores' reads). */
  secrets: string[];
}

/** The workload kind: a StatefulSet when pods need stable names or their own volume. */
export const workloadKind = (w: WorkloadInput) => (w.keepsFiles || w.stableNames ? "StatefulSet" : "Deployment");
/** Files inside daprd are one pod's: a second replica would keep state the first never sees. */
export const replicasOf = (w: WorkloadInput) => (w.keepsFiles ? 1 : w.cluster.replicas);

export function workloadObjects(w: WorkloadInput): Raw[] {
  return [serviceAccount(w), ...secretReader(w), workload(w), service(w), disruptionBudget(w), ...autoscaler(w)];
}

/**
 * daprd reads Secrets as its pod's service account: this one may get only the Secrets its own
 * components and secret reads name (identity alone reaches the signing key).
 */
function secretReader(w: WorkloadInput): Raw[] {
  if (w.secrets.length === 0) return [];
  const name = `${w.service}-secrets`;
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(w, name),
      rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: w.secrets, verbs: ["get"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(w, name),
      subjects: [{ kind: "ServiceAccount", name: w.service, namespace: w.spec.namespace }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    },
  ];
}

const meta = (w: WorkloadInput, name = w.service) => ({ name, namespace: w.spec.namespace, labels: labelsOf(w.service) });

function serviceAccount(w: WorkloadInput): Raw {
  // Its own identity: daprd presents the pod's service account token to sentry.
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(w) };
}

function workload(w: WorkloadInput): Raw {
  const kind = workloadKind(w);
  const stateful = kind === "StatefulSet";
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: meta(w),
    spec: {
      replicas: replicasOf(w),
      selector: { matchLabels: selectorOf(w.service) },
      ...(stateful ? { serviceName: w.service, podManagementPolicy: "Parallel" } : {}),
      template: { metadata: { labels: labelsOf(w.service), annotations: daprAnnotations(w) }, spec: podSpec(w) },
      ...(stateful && w.keepsFiles ? { volumeClaimTemplates: [dataClaim(w)] } : {}),
    },
  };
}

function dataClaim(w: WorkloadInput): Raw {
  const { size, storageClass } = w.spec.dataVolume;
  return {
    metadata: { name: DATA_VOLUME, labels: labelsOf(w.service) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: size } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
  };
}

function daprAnnotations(w: WorkloadInput): Record<string, string> {
  const { sidecar } = w.cluster;
  const env = Object.entries(w.sidecarEnv).map(([k, v]) => `${k}=${v}`);
  return {
    "dapr.io/enabled": "true",
    "dapr.io/app-id": w.service,
    "dapr.io/app-port": String(w.local.portBase),
    "dapr.io/app-protocol": "http",
    "dapr.io/config": w.configuration,
    "dapr.io/log-as-json": "true",
    "dapr.io/enable-metrics": "true",
    "dapr.io/metrics-port": String(SidecarPorts.metrics),
    "dapr.io/api-token-secret": ClusterSecrets.daprApiToken,
    "dapr.io/app-token-secret": ClusterSecrets.appApiToken,
    "dapr.io/graceful-shutdown-seconds": "5",
    // Only the mesh's own named secret stores: the built-in one would reach every Secret the pod may.
    "dapr.io/disable-builtin-k8s-secret-store": "true",
    "dapr.io/sidecar-cpu-request": sidecar.cpu,
    "dapr.io/sidecar-memory-request": sidecar.memory,
    ...(sidecar.cpuLimit ? { "dapr.io/sidecar-cpu-limit": sidecar.cpuLimit } : {}),
    "dapr.io/sidecar-memory-limit": sidecar.memoryLimit,
    ...(w.local.maxBodySize ? { "dapr.io/max-body-size": w.local.maxBodySize } : {}),
    ...(env.length ? { "dapr.io/env": env.join(",") } : {}),
    ...(w.keepsFiles ? { "dapr.io/volume-mounts-rw": `${DATA_VOLUME}:${DATA_MOUNT}/data` } : {}),
  };
}

function podSpec(w: WorkloadInput): Raw {
  return {
    serviceAccountName: w.service,
    // The app's user; daprd (distroless, 65532) writes the data volume through this group.
    securityContext: { runAsNonRoot: true, fsGroup: SIDECAR_GID, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: 30,
    containers: [appContainer(w)],
    volumes: [{ name: "tmp", emptyDir: {} }],
  };
}

function appContainer(w: WorkloadInput): Raw {
  const { app } = w.cluster;
  const [program = "", ...args] = w.local.command;
  const probe = (path: string, periodSeconds: number) => ({
    httpGet: { path, port: "http" },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  return {
    name: "app",
    image: `${w.spec.image.registry}/${w.service}:${w.spec.image.tag}`,
    // A program named by a path is in the image under its repository path.
    command: [program.includes("/") ? `${IMAGE_WORKDIR}/${program}` : program, ...args],
    workingDir: IMAGE_WORKDIR,
    ports: [{ name: "http", containerPort: w.local.portBase }],
    env: appEnv(w),
    readinessProbe: probe(HealthPaths.ready, 5),
    livenessProbe: probe(HealthPaths.live, 10),
    startupProbe: { ...probe(HealthPaths.live, 2), failureThreshold: 30 },
    resources: {
      requests: { cpu: app.cpu, memory: app.memory },
      limits: { memory: app.memoryLimit, ...(app.cpuLimit ? { cpu: app.cpuLimit } : {}) },
    },
    securityContext: {
      runAsUser: APP_UID,
      runAsGroup: APP_UID,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

const fromSecret = (name: string, secret: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

function appEnv(w: WorkloadInput): EnvVar[] {
  return [
    { name: "APP_ID", value: w.service },
    { name: "APP_PORT", value: String(w.local.portBase) },
    ...Object.entries(w.env).map(([name, value]) => ({ name, value })),
    { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: `http://${w.spec.traces}` },
    // The injector gives these to daprd only; the app checks the one and sends the other.
    fromSecret("APP_API_TOKEN", ClusterSecrets.appApiToken, "token"),
    fromSecret("DAPR_API_TOKEN", ClusterSecrets.daprApiToken, "token"),
    ...(w.local.database ? [fromSecret("DATABASE_URL", ClusterSecrets.databaseUrls, w.service)] : []),
    ...Object.entries(w.cluster.secretEnv).map(([name, ref]) => fromSecret(name, ref.secret, ref.key)),
  ];
}

function service(w: WorkloadInput): Raw {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(w),
    spec: { selector: selectorOf(w.service), ports: [{ name: "http", port: w.local.portBase, targetPort: "http" }] },
  };
}

function disruptionBudget(w: WorkloadInput): Raw {
  // One pod at a time may go for a drain; a single-replica service is down while it moves.
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(w),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(w.service) } },
  };
}

function autoscaler(w: WorkloadInput): Raw[] {
  const { autoscale } = w.cluster;
  if (!autoscale || w.keepsFiles) return [];
  return [
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(w),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: workloadKind(w), name: w.service },
        minReplicas: w.cluster.replicas,
        maxReplicas: autoscale.maxReplicas,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: autoscale.cpuPercent } } },
        ],
      },
    },
  ];
}
