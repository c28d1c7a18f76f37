import { resolve } from "node:path";
import { type Manifest, REPLICA_PORT_STEP, startOrder } from "./manifest.js";
import { generatedResourcesDir, meilisearchEnv, meilisearchProcess } from "./meilisearch.js";
import { CONTROL_PLANE_TRUST_DOMAIN, sentryCredentialsDir, TRUST_ANCHORS_ENV, trustBundleFile } from "./mtls.js";
import type { PortClaim } from "./ports.js";
import type { Binary } from "./runtime.js";
import { broadcastConsumerName, MeshEnvNames, sidecarEnv } from "./sidecar-env.js";

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
  /** Polled until it answers 2xx before the process counts as up. */
  healthUrl: string;
  ports: Record<string, number>;
  restart: boolean;
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

export function replicaPorts(portBase: number, replica: number) {
  const base = portBase + replica * REPLICA_PORT_STEP;
  return { app: base, daprHttp: base + 1, daprGrpc: base + 2, daprInternalGrpc: base + 3, daprMetrics: base + 4 };
}

export function replicaName(service: string, replica: number): string {
  return replica === 0 ? service : `${service}-${replica}`;
}

/** Turns the manifest into the processes to run. Pure: no I/O, so it is unit-tested. */
export function planMesh(root: string, manifest: Manifest, bins: Partial<Record<Binary, string>>, tokens: Tokens): MeshPlan {
  const stateDir = resolve(root, manifest.stateDir);
  const { placement, scheduler, sentry } = manifest.controlPlane;
  const profile = manifest.profiles[manifest.profile];
  if (!profile) throw new Error(`no profile '${manifest.profile}'`);
  const bin = (name: Binary) => bins[name] ?? name;
  const ports: PortClaim[] = [{ port: manifest.dashboard.port, owner: "dashboard" }];
  const claim = (owner: string, named: Record<string, number>) => {
    for (const [what, port] of Object.entries(named)) ports.push({ port, owner: `${owner} ${what}` });
  };

  const embedded: ProcessSpec[] = [];
  if (profile.embedded.includes("nats")) {
    const nats = manifest.embedded.nats;
    claim("nats", { port: nats.port, monitor: nats.monitorPort });
    embedded.push({
      name: "nats",
      kind: "embedded",
      command: bin("nats-server"),
      args: [
        "-a",
        "127.0.0.1",
        "-p",
        String(nats.port),
        "-m",
        String(nats.monitorPort),
        "-js",
        "-sd",
        resolve(stateDir, "data", "nats"),
        "-n",
        manifest.name,
      ],
      cwd: root,
      env: {},
      healthUrl: `http://127.0.0.1:${nats.monitorPort}/healthz?js-enabled-only=true`,
      ports: { client: nats.port, monitor: nats.monitorPort },
      restart: true,
    });
  }

  if (profile.embedded.includes("mailpit")) embedded.push(mailpitProcess(root, stateDir, manifest, bin("mailpit"), claim));
  if (profile.embedded.includes("meilisearch")) {
    claim("meilisearch", { http: manifest.embedded.meilisearch.port });
    embedded.push(meilisearchProcess(stateDir, manifest, bin("meilisearch"), tokens));
  }
  // Before each service's own env, which may override them (a proxy in front, in a test).
  const searchEnv = meilisearchEnv(manifest, tokens);

  claim("placement", { grpc: placement.port, health: placement.healthPort, metrics: placement.metricsPort, raft: placement.raftPort });
  claim("scheduler", {
    grpc: scheduler.port,
    health: scheduler.healthPort,
    metrics: scheduler.metricsPort,
    etcd: scheduler.etcdClientPort,
    "etcd-peer": scheduler.etcdPeerPort,
  });
  claim("sentry", { grpc: sentry.port, health: sentry.healthPort, metrics: sentry.metricsPort });
  const trustBundle = trustBundleFile(stateDir);
  const sentryAddress = `127.0.0.1:${sentry.port}`;
  /** placement and scheduler serve TLS with certificates from sentry (cmd/placement, cmd/scheduler options). */
  const controlPlaneTls = [
    "--tls-enabled",
    "--trust-anchors-file",
    trustBundle,
    "--sentry-address",
    sentryAddress,
    "--trust-domain",
    CONTROL_PLANE_TRUST_DOMAIN,
  ];
  const loopback = ["--listen-address", "127.0.0.1", "--healthz-listen-address", "127.0.0.1", "--metrics-listen-address", "127.0.0.1"];
  /** placement and scheduler share their flags for ports, loopback binding and JSON logs. */
  const controlPlaneProcess = (
    name: "placement" | "scheduler",
    ports: { port: number; healthPort: number; metricsPort: number },
    extraArgs: string[],
  ): ProcessSpec => ({
    name,
    kind: "control-plane",
    command: bin(name),
    args: [
      "--port",
      String(ports.port),
      "--healthz-port",
      String(ports.healthPort),
      "--metrics-port",
      String(ports.metricsPort),
      ...extraArgs,
      ...loopback,
      "--log-as-json",
    ],
    cwd: root,
    env: {},
    healthUrl: `http://127.0.0.1:${ports.healthPort}/healthz`,
    ports: { grpc: ports.port, health: ports.healthPort, metrics: ports.metricsPort },
    restart: true,
  });
  const controlPlane: ProcessSpec[] = [
    {
      name: "sentry",
      kind: "control-plane",
      command: bin("sentry"),
      // sentry 1.18.2 accepts --healthz-listen-address and --metrics-listen-address but binds
      // both servers on every interface anyway (cmd/sentry/app/app.go passes neither address):
      // they serve only health and metrics. Its CA port, which signs certificates for anyone
      // who reaches it, is bound to loopback. --config: the mesh's Configuration, whose
      // spec.mtls sets the workload certificate TTL and clock skew (pkg/sentry/config).
      args: [
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
        resolve(root, manifest.daprConfig),
        "--log-as-json",
      ],
      cwd: root,
      env: {},
      healthUrl: `http://127.0.0.1:${sentry.healthPort}/healthz`,
      ports: { grpc: sentry.port, health: sentry.healthPort, metrics: sentry.metricsPort },
      restart: true,
    },
    controlPlaneProcess("placement", placement, [
      "--initial-cluster",
      `dapr-placement-0=127.0.0.1:${placement.raftPort}`,
      ...controlPlaneTls,
    ]),
    controlPlaneProcess("scheduler", scheduler, [
      "--etcd-data-dir",
      resolve(stateDir, "data", "scheduler"),
      "--etcd-client-port",
      String(scheduler.etcdClientPort),
      "--etcd-initial-cluster",
      `dapr-scheduler-server-0=http://127.0.0.1:${scheduler.etcdPeerPort}`,
      "--etcd-client-listen-address",
      "127.0.0.1",
      ...controlPlaneTls,
    ]),
  ];

  // The runner's generated resources (an HTTPEndpoint per embedded server apps call; cli.ts writes them).
  const resourcePaths = [profile.components, ...manifest.resources, generatedResourcesDir(stateDir)].flatMap((p) => [
    "--resources-path",
    resolve(root, p),
  ]);
  const levels = startOrder(manifest.services).map((level) =>
    level.map((service) => {
      const spec = manifest.services[service];
      if (!spec) throw new Error(`unknown service ${service}`);
      const replicas: ReplicaPlan[] = [];
      for (let replica = 0; replica < spec.replicas; replica++) {
        const p = replicaPorts(spec.portBase, replica);
        const name = replicaName(service, replica);
        claim(name, {
          app: p.app,
          "dapr-http": p.daprHttp,
          "dapr-grpc": p.daprGrpc,
          "dapr-internal-grpc": p.daprInternalGrpc,
          "dapr-metrics": p.daprMetrics,
        });
        const app: ProcessSpec = {
          name,
          kind: "app",
          service,
          replica,
          command: spec.command[0] as string,
          args: spec.command.slice(1),
          cwd: root,
          env: {
            ...searchEnv,
            ...spec.env,
            APP_ID: service,
            APP_PORT: String(p.app),
            DAPR_HTTP_PORT: String(p.daprHttp),
            DAPR_GRPC_PORT: String(p.daprGrpc),
            APP_API_TOKEN: tokens.app,
            DAPR_API_TOKEN: tokens.dapr,
          },
          healthUrl: `http://127.0.0.1:${p.app}/healthz/ready`,
          ports: { app: p.app },
          restart: spec.restart,
        };
        const sidecar: ProcessSpec = {
          name: `${name}-dapr`,
          kind: "sidecar",
          service,
          replica,
          command: bin("daprd"),
          args: [
            "--app-id",
            service,
            "--app-port",
            String(p.app),
            "--app-protocol",
            "http",
            "--app-channel-address",
            "127.0.0.1",
            "--dapr-http-port",
            String(p.daprHttp),
            "--dapr-grpc-port",
            String(p.daprGrpc),
            "--dapr-internal-grpc-port",
            String(p.daprInternalGrpc),
            "--metrics-port",
            String(p.daprMetrics),
            "--dapr-listen-addresses",
            "127.0.0.1",
            "--placement-host-address",
            `127.0.0.1:${placement.port}`,
            "--scheduler-host-address",
            `127.0.0.1:${scheduler.port}`,
            // mTLS to other sidecars and the control plane, with a certificate from sentry
            // (SPIFFE id spiffe://public/ns/default/<app-id>; accessControl identifies callers by it).
            "--enable-mtls",
            "--sentry-address",
            sentryAddress,
            "--control-plane-trust-domain",
            CONTROL_PLANE_TRUST_DOMAIN,
            "--config",
            resolve(root, manifest.daprConfig),
            ...resourcePaths,
            "--log-as-json",
            "--dapr-graceful-shutdown-seconds",
            "5",
            ...(spec.maxBodySize ? ["--max-body-size", spec.maxBodySize] : []),
          ],
          // Relative paths in component YAML (SQLite files, secrets) resolve per mesh.
          cwd: stateDir,
          env: {
            ...sidecarEnv(manifest, tokens, stateDir),
            [MeshEnvNames.broadcastConsumer]: broadcastConsumerName(stateDir, service, replica),
          },
          // The PEM contents, not a path (cmd/daprd/options: DAPR_TRUST_ANCHORS).
          envFromFiles: { [TRUST_ANCHORS_ENV]: trustBundle },
          healthUrl: `http://127.0.0.1:${p.daprHttp}/v1.0/healthz`,
          ports: { http: p.daprHttp, grpc: p.daprGrpc, internalGrpc: p.daprInternalGrpc, metrics: p.daprMetrics },
          restart: true,
        };
        replicas.push({ app, sidecar });
      }
      return { service, replicas };
    }),
  );
  return { embedded, controlPlane, levels, ports };
}

/** Mailpit on loopback, its mail kept under the state folder (it survives a restart of the runner). */
function mailpitProcess(
  root: string,
  stateDir: string,
  manifest: Manifest,
  command: string,
  claim: (owner: string, named: Record<string, number>) => void,
): ProcessSpec {
  const { smtpPort, httpPort } = manifest.embedded.mailpit;
  claim("mailpit", { smtp: smtpPort, http: httpPort });
  return {
    name: "mailpit",
    kind: "embedded",
    command,
    args: [
      "--smtp",
      `127.0.0.1:${smtpPort}`,
      "--listen",
      `127.0.0.1:${httpPort}`,
      "--database",
      resolve(stateDir, "data", "mailpit.db"),
      // A local catcher: any login (or none) is taken; nothing leaves the machine.
      "--smtp-auth-accept-any",
      "--smtp-auth-allow-insecure",
      "--disable-version-check",
      "--max",
      "10000",
      "--quiet",
    ],
    cwd: root,
    env: {},
    healthUrl: `http://127.0.0.1:${httpPort}/readyz`,
    ports: { smtp: smtpPort, http: httpPort },
    restart: true,
  };
}
