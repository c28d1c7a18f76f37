import { resolve } from "node:path";
import { meshDaprConfigFile } from "../jaeger.js";
import type { Manifest } from "../manifest.js";
import { CONTROL_PLANE_TRUST_DOMAIN, sentryCredentialsDir, trustBundleFile } from "../mtls.js";
import type { PortClaim } from "../ports.js";
import type { PlanContext } from "./context.js";
import { portClaims } from "./port-claims.js";
import type { ProcessSpec } from "./types.js";

type ControlPlanePorts = { port: number; healthPort: number; metricsPort: number };

/** Where sidecars, placement and scheduler reach sentry. */
export const sentryAddress = (manifest: Manifest): string => `127.0.0.1:${manifest.controlPlane.sentry.port}`;

/** sentry, placement and scheduler, in that order (placement and scheduler get their certificates from sentry). */
export function controlPlaneProcesses(ctx: PlanContext): ProcessSpec[] {
  return [sentryProcess(ctx), placementProcess(ctx), schedulerProcess(ctx)];
}

export function controlPlanePortClaims({ placement, scheduler, sentry }: Manifest["controlPlane"]): PortClaim[] {
  return [
    ...portClaims("placement", {
      grpc: placement.port,
      health: placement.healthPort,
      metrics: placement.metricsPort,
      raft: placement.raftPort,
    }),
    ...portClaims("scheduler", {
      grpc: scheduler.port,
      health: scheduler.healthPort,
      metrics: scheduler.metricsPort,
      etcd: scheduler.etcdClientPort,
      "etcd-peer": scheduler.etcdPeerPort,
    }),
    ...portClaims("sentry", { grpc: sentry.port, health: sentry.healthPort, metrics: sentry.metricsPort }),
  ];
}

function sentryProcess({ root, stateDir, manifest, bin }: PlanContext): ProcessSpec {
  const { sentry } = manifest.controlPlane;
  // sentry 1.18.2 accepts --healthz-listen-address and --metrics-listen-address but binds
  // both servers on every interface anyway (cmd/sentry/app/app.go passes neither address):
  // they serve only health and metrics. Its CA port, which signs certificates for anyone
  // who reaches it, is bound to loopback. --config: the mesh's Configuration, whose
  // spec.mtls sets the workload certificate TTL and clock skew (pkg/sentry/config).
  return controlPlaneProcess(root, "sentry", bin("sentry"), sentry, [
    "--port",
    String(sentry.port),
    "--listen-address",
    "127.0.0.1",
    "--healthz-port",
    String(sentry.healthPort),
    "--metrics-port",
    String(sentry.metricsPort),
    "--issuer-credentials",
    sentryCredentialsDir(stateDir),
    "--trust-domain",
    CONTROL_PLANE_TRUST_DOMAIN,
    "--config",
    meshDaprConfigFile(stateDir),
    "--log-as-json",
  ]);
}

function placementProcess(ctx: PlanContext): ProcessSpec {
  const { placement } = ctx.manifest.controlPlane;
  return tlsControlPlaneProcess(ctx, "placement", placement, ["--initial-cluster", `dapr-placement-0=127.0.0.1:${placement.raftPort}`]);
}

function schedulerProcess(ctx: PlanContext): ProcessSpec {
  const { scheduler } = ctx.manifest.controlPlane;
  return tlsControlPlaneProcess(ctx, "scheduler", scheduler, [
    "--etcd-data-dir",
    resolve(ctx.stateDir, "data", "scheduler"),
    "--etcd-client-port",
    String(scheduler.etcdClientPort),
    "--etcd-initial-cluster",
    `dapr-scheduler-server-0=http://127.0.0.1:${scheduler.etcdPeerPort}`,
    "--etcd-client-listen-address",
    "127.0.0.1",
  ]);
}

const LOOPBACK_LISTEN_ARGS = [
  "--listen-address",
  "127.0.0.1",
  "--healthz-listen-address",
  "127.0.0.1",
  "--metrics-listen-address",
  "127.0.0.1",
];

/** placement and scheduler share their flags for ports, TLS, loopback binding and JSON logs. */
function tlsControlPlaneProcess(
  { root, stateDir, manifest, bin }: PlanContext,
  name: "placement" | "scheduler",
  ports: ControlPlanePorts,
  extraArgs: string[],
): ProcessSpec {
  return controlPlaneProcess(root, name, bin(name), ports, [
    "--port",
    String(ports.port),
    "--healthz-port",
    String(ports.healthPort),
    "--metrics-port",
    String(ports.metricsPort),
    ...extraArgs,
    ...controlPlaneTlsArgs(stateDir, manifest),
    ...LOOPBACK_LISTEN_ARGS,
    "--log-as-json",
  ]);
}

/** A control-plane process run from the repository root: a gRPC port, and health (at /healthz) and metrics ports. */
function controlPlaneProcess(root: string, name: string, command: string, ports: ControlPlanePorts, args: string[]): ProcessSpec {
  return {
    name,
    kind: "control-plane",
    command,
    args,
    cwd: root,
    env: {},
    healthUrl: `http://127.0.0.1:${ports.healthPort}/healthz`,
    ports: { grpc: ports.port, health: ports.healthPort, metrics: ports.metricsPort },
    restart: true,
  };
}

/** placement and scheduler serve TLS with certificates from sentry (cmd/placement, cmd/scheduler options). */
function controlPlaneTlsArgs(stateDir: string, manifest: Manifest): string[] {
  return [
    "--tls-enabled",
    "--trust-anchors-file",
    trustBundleFile(stateDir),
    "--sentry-address",
    sentryAddress(manifest),
    "--trust-domain",
    CONTROL_PLANE_TRUST_DOMAIN,
  ];
}
