import { basename } from "node:path";
import type { Manifest } from "./manifest.js";
import type { Tokens } from "./plan/types.js";

/** Variables component YAML may read with `envRef`; `check` refuses any other. */
export const MeshEnvNames = {
  natsUrl: "MESH_NATS_URL",
  broadcastConsumer: "MESH_BROADCAST_CONSUMER",
  eventsConsumer: "MESH_EVENTS_CONSUMER",
  smtpPort: "MESH_SMTP_PORT",
} as const;

/**
 * The broadcast subscriber's own durable name on the broker: one per replica, the same across
 * its restarts (so a restarted sidecar resumes where its predecessor stopped instead of at new
 * messages, which lost every event published while it was away), and one per mesh (meshes on
 * one machine can share a broker). Letters, digits, '-' and '_' only (NATS consumer names).
 */
export function broadcastConsumerName(stateDir: string, service: string, replica: number): string {
  return `${service}-${replica}-${basename(stateDir)}`.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * The durable name of each app's consumer of domain events (`pubsub-events`): one per app and
 * mesh, shared by the app's replicas (they compete for messages), the same across restarts, so a
 * sidecar that restarts (or reloads its subscriptions) resumes where it stopped. The same value
 * for every sidecar: daprd replaces `{appID}` in component metadata with its own app id.
 */
function eventsConsumerName(stateDir: string): string {
  return `{appID}-${basename(stateDir).replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/**
 * The environment every daprd of this mesh gets (the runner sets it; `npm run mesh -- env`
 * prints it for `dapr run -f`):
 * - the API tokens;
 * - DAPR_HOST_IP, the address daprd announces to placement (without it daprd looks for a
 *   non-loopback interface and exits on a machine that has none: found offline);
 * - MESH_* addresses that component YAML reads with `envRef`, so a mesh with shifted ports
 *   (tests, benchmarks) runs beside a developer's without editing YAML, and the events
 *   consumer's durable name (the same for every sidecar of the mesh in `stateDir`).
 */
export function sidecarEnv(manifest: Manifest, tokens: Tokens, stateDir: string): Record<string, string> {
  return {
    APP_API_TOKEN: tokens.app,
    DAPR_API_TOKEN: tokens.dapr,
    DAPR_HOST_IP: "127.0.0.1",
    [MeshEnvNames.natsUrl]: `nats://127.0.0.1:${manifest.embedded.nats.port}`,
    [MeshEnvNames.eventsConsumer]: eventsConsumerName(stateDir),
    [MeshEnvNames.smtpPort]: String(manifest.embedded.mailpit.smtpPort),
  };
}

/** `export` lines for a POSIX shell; values are single-quoted (the trust anchors span lines). */
export function envExports(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replaceAll("'", `'\\''`)}'\n`)
    .join("");
}
