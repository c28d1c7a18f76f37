import { resolve } from "node:path";
import { meshDaprConfigFile, tracingEnv } from "../jaeger.js";
import { REPLICA_PORT_STEP, type ServiceSpec, startOrder } from "../manifest.js";
import { generatedResourcesDir, meilisearchEnv } from "../meilisearch.js";
import { CONTROL_PLANE_TRUST_DOMAIN, TRUST_ANCHORS_ENV, trustBundleFile } from "../mtls.js";
import { databaseEnv } from "../postgres.js";
import { broadcastConsumerName, MeshEnvNames, sidecarEnv } from "../sidecar-env.js";
import type { PlanContext } from "./context.js";
import { sentryAddress } from "./control-plane.js";
import { type PlannedWithPorts, portClaims } from "./port-claims.js";
import type { ProcessSpec, ReplicaPlan } from "./types.js";

type ReplicaPorts = ReturnType<typeof replicaPorts>;

export function replicaPorts(portBase: number, replica: number) {
  const base = portBase + replica * REPLICA_PORT_STEP;
  return { app: base, daprHttp: base + 1, daprGrpc: base + 2, daprInternalGrpc: base + 3, daprMetrics: base + 4 };
}

export function replicaName(service: string, replica: number): string {
  return replica === 0 ? service : `${service}-${replica}`;
}

/** One service's replicas, each an app beside its sidecar. */
export interface PlannedService {
  service: string;
  replicas: PlannedWithPorts<ReplicaPlan>[];
}

/** The services in start levels: each level after the services it depends on. */
export function serviceLevels(ctx: PlanContext): PlannedService[][] {
  return startOrder(ctx.manifest.services).map((level) => level.map((service) => plannedService(ctx, service)));
}

function plannedService(ctx: PlanContext, service: string): PlannedService {
  const spec = ctx.manifest.services[service];
  if (!spec) throw new Error(`unknown service ${service}`);
  const replicas = Array.from({ length: spec.replicas }, (_, replica) => plannedReplica(ctx, service, spec, replica));
  return { service, replicas };
}

function plannedReplica(ctx: PlanContext, service: string, spec: ServiceSpec, replica: number): PlannedWithPorts<ReplicaPlan> {
  const ports = replicaPorts(spec.portBase, replica);
  return {
    plan: { app: appProcess(ctx, service, spec, replica, ports), sidecar: sidecarProcess(ctx, service, spec, replica, ports) },
    ports: portClaims(replicaName(service, replica), {
      app: ports.app,
      "dapr-http": ports.daprHttp,
      "dapr-grpc": ports.daprGrpc,
      "dapr-internal-grpc": ports.daprInternalGrpc,
      "dapr-metrics": ports.daprMetrics,
    }),
  };
}

/** The service's own command (whatever it runs), told its ports and the API tokens. */
function appProcess(ctx: PlanContext, service: string, spec: ServiceSpec, replica: number, ports: ReplicaPorts): ProcessSpec {
  const { manifest, tokens } = ctx;
  return {
    name: replicaName(service, replica),
    kind: "app",
    service,
    replica,
    command: spec.command[0] as string,
    args: spec.command.slice(1),
    cwd: ctx.root,
    env: {
      // Before the service's own env, which may override them (a proxy in front, in a test).
      ...meilisearchEnv(manifest, tokens),
      ...tracingEnv(manifest),
      ...databaseEnv(manifest, service),
      ...spec.env,
      APP_ID: service,
      APP_PORT: String(ports.app),
      DAPR_HTTP_PORT: String(ports.daprHttp),
      DAPR_GRPC_PORT: String(ports.daprGrpc),
      APP_API_TOKEN: tokens.app,
      DAPR_API_TOKEN: tokens.dapr,
    },
    healthUrl: `http://127.0.0.1:${ports.app}/healthz/ready`,
    ports: { app: ports.app },
    restart: spec.restart,
  };
}

function sidecarProcess(ctx: PlanContext, service: string, spec: ServiceSpec, replica: number, ports: ReplicaPorts): ProcessSpec {
  const { manifest, tokens, stateDir } = ctx;
  return {
    name: `${replicaName(service, replica)}-dapr`,
    kind: "sidecar",
    service,
    replica,
    command: ctx.bin("daprd"),
    args: sidecarArgs(ctx, service, ports, spec.maxBodySize),
    // Relative paths in component YAML (SQLite files, secrets) resolve per mesh.
    cwd: stateDir,
    env: {
      ...sidecarEnv(manifest, tokens, stateDir),
      [MeshEnvNames.broadcastConsumer]: broadcastConsumerName(stateDir, service, replica),
    },
    // The PEM contents, not a path (cmd/daprd/options: DAPR_TRUST_ANCHORS).
    envFromFiles: { [TRUST_ANCHORS_ENV]: trustBundleFile(stateDir) },
    healthUrl: `http://127.0.0.1:${ports.daprHttp}/v1.0/healthz`,
    ports: { http: ports.daprHttp, grpc: ports.daprGrpc, internalGrpc: ports.daprInternalGrpc, metrics: ports.daprMetrics },
    restart: true,
  };
}

function sidecarArgs(ctx: PlanContext, service: string, ports: ReplicaPorts, maxBodySize: string | undefined): string[] {
  return [
    ...appChannelArgs(service, ports),
    ...sidecarListenArgs(ports),
    ...sidecarControlPlaneArgs(ctx),
    "--config",
    meshDaprConfigFile(ctx.stateDir),
    ...resourcePathArgs(ctx),
    "--log-as-json",
    "--dapr-graceful-shutdown-seconds",
    "5",
    ...(maxBodySize ? ["--max-body-size", maxBodySize] : []),
  ];
}

/** How the sidecar reaches its app: plain HTTP on loopback. */
function appChannelArgs(service: string, ports: ReplicaPorts): string[] {
  return ["--app-id", service, "--app-port", String(ports.app), "--app-protocol", "http", "--app-channel-address", "127.0.0.1"];
}

/** The sidecar's own ports, bound to loopback. */
function sidecarListenArgs(ports: ReplicaPorts): string[] {
  return [
    "--dapr-http-port",
    String(ports.daprHttp),
    "--dapr-grpc-port",
    String(ports.daprGrpc),
    "--dapr-internal-grpc-port",
    String(ports.daprInternalGrpc),
    "--metrics-port",
    String(ports.daprMetrics),
    "--dapr-listen-addresses",
    "127.0.0.1",
  ];
}

function sidecarControlPlaneArgs({ manifest }: PlanContext): string[] {
  const { placement, scheduler } = manifest.controlPlane;
  return [
    "--placement-host-address",
    `127.0.0.1:${placement.port}`,
    "--scheduler-host-address",
    `127.0.0.1:${scheduler.port}`,
    // mTLS to other sidecars and the control plane, with a certificate from sentry
    // (SPIFFE id spiffe://public/ns/default/<app-id>; accessControl identifies callers by it).
    "--enable-mtls",
    "--sentry-address",
    sentryAddress(manifest),
    "--control-plane-trust-domain",
    CONTROL_PLANE_TRUST_DOMAIN,
  ];
}

/**
 * The profile's components, the manifest's other resources, and the runner's generated resources
 * (an HTTPEndpoint per embedded server apps call; the `up` and `run-file` commands write them).
 */
function resourcePathArgs({ root, stateDir, manifest, profile }: PlanContext): string[] {
  return [profile.components, ...manifest.resources, generatedResourcesDir(stateDir)].flatMap((p) => [
    "--resources-path",
    resolve(root, p),
  ]);
}
