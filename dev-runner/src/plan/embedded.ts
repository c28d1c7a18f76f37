import { resolve } from "node:path";
import { jaegerProcess } from "../jaeger.js";
import { meilisearchProcess } from "../meilisearch.js";
import { postgresProcess } from "../postgres.js";
import { prometheusProcess } from "../prometheus.js";
import type { PlanContext } from "./context.js";
import { type PlannedWithPorts, portClaims } from "./port-claims.js";
import type { ProcessSpec } from "./types.js";

/** The servers the profile embeds (PostgreSQL, NATS, Mailpit, Meilisearch, Prometheus, Jaeger), in that order. */
export function embeddedServers(ctx: PlanContext): PlannedWithPorts<ProcessSpec>[] {
  const embeds = (server: PlanContext["profile"]["embedded"][number]) => ctx.profile.embedded.includes(server);
  return [
    ...(embeds("postgres") ? [postgresServer(ctx)] : []),
    ...(embeds("nats") ? [natsServer(ctx)] : []),
    ...(embeds("mailpit") ? [mailpitServer(ctx)] : []),
    ...(embeds("meilisearch") ? [meilisearchServer(ctx)] : []),
    ...(embeds("prometheus") ? [prometheusServer(ctx)] : []),
    ...(embeds("jaeger") ? [jaegerServer(ctx)] : []),
  ];
}

/** NATS with JetStream on loopback, its store under the state folder. */
function natsServer({ root, stateDir, manifest, bin }: PlanContext): PlannedWithPorts<ProcessSpec> {
  const { port, monitorPort } = manifest.embedded.nats;
  const args = [
    "-a",
    "127.0.0.1",
    "-p",
    String(port),
    "-m",
    String(monitorPort),
    "-js",
    "-sd",
    resolve(stateDir, "data", "nats"),
    "-n",
    manifest.name,
  ];
  return {
    plan: embeddedProcess(root, "nats", bin("nats-server"), args, {
      healthUrl: `http://127.0.0.1:${monitorPort}/healthz?js-enabled-only=true`,
      ports: { client: port, monitor: monitorPort },
    }),
    ports: portClaims("nats", { port, monitor: monitorPort }),
  };
}

/** Mailpit on loopback, its mail kept under the state folder (it survives a restart of the runner). */
function mailpitServer({ root, stateDir, manifest, bin }: PlanContext): PlannedWithPorts<ProcessSpec> {
  const { smtpPort, httpPort } = manifest.embedded.mailpit;
  const args = [
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
  ];
  return {
    plan: embeddedProcess(root, "mailpit", bin("mailpit"), args, {
      healthUrl: `http://127.0.0.1:${httpPort}/readyz`,
      ports: { smtp: smtpPort, http: httpPort },
    }),
    ports: portClaims("mailpit", { smtp: smtpPort, http: httpPort }),
  };
}

/** PostgreSQL on loopback, its cluster in <stateDir>/data/postgres (postgres.ts; `up` makes the cluster first). */
function postgresServer({ stateDir, manifest, bin }: PlanContext): PlannedWithPorts<ProcessSpec> {
  return {
    plan: postgresProcess(stateDir, manifest, bin("postgres")),
    ports: portClaims("postgres", { client: manifest.embedded.postgres.port }),
  };
}

function meilisearchServer({ stateDir, manifest, bin, tokens }: PlanContext): PlannedWithPorts<ProcessSpec> {
  return {
    plan: meilisearchProcess(stateDir, manifest, bin("meilisearch"), tokens),
    ports: portClaims("meilisearch", { http: manifest.embedded.meilisearch.port }),
  };
}

function prometheusServer({ root, stateDir, manifest, bin }: PlanContext): PlannedWithPorts<ProcessSpec> {
  return {
    plan: prometheusProcess(root, stateDir, manifest, bin("prometheus")),
    ports: portClaims("prometheus", { http: manifest.embedded.prometheus.port }),
  };
}

function jaegerServer({ root, stateDir, manifest, bin }: PlanContext): PlannedWithPorts<ProcessSpec> {
  const { otlpPort, queryPort, queryGrpcPort, healthPort } = manifest.embedded.jaeger;
  return {
    plan: jaegerProcess(root, stateDir, manifest, bin("jaeger")),
    ports: portClaims("jaeger", { otlp: otlpPort, query: queryPort, "query-grpc": queryGrpcPort, health: healthPort }),
  };
}

/** An embedded server run from the repository root with no environment of its own, restarted when it crashes. */
function embeddedProcess(
  root: string,
  name: string,
  command: string,
  args: string[],
  { healthUrl, ports }: Pick<ProcessSpec, "healthUrl" | "ports">,
): ProcessSpec {
  return { name, kind: "embedded", command, args, cwd: root, env: {}, healthUrl, ports, restart: true };
}
