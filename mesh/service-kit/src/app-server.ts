import type { Server } from "node:http";

/**
 * How long daprd keeps an idle connection to its app before closing it: its app channel is Go's
 * default transport (IdleConnTimeout 90 s; dapr 1.18.2 pkg/runtime/channels).
 */
export const SIDECAR_IDLE_CONNECTION_MS = 90_000;

/**
 * Keeps idle connections from the sidecar open longer than the sidecar does, so it is always
 * daprd that closes one. With Node's default (5 s) the app closed connections daprd still
 * thought reusable, and a delivery or call sent on one just then failed with "http: server
 * closed idle connection" (a POST, which Go does not resend): a settlement waited a minute for
 * Redis to redeliver its event.
 */
export function outlastSidecarIdleConnections(server: Server): Server {
  server.keepAliveTimeout = SIDECAR_IDLE_CONNECTION_MS + 5_000;
  // Node's advice: headersTimeout above keepAliveTimeout, or a request on a kept connection can be cut.
  server.headersTimeout = SIDECAR_IDLE_CONNECTION_MS + 6_000;
  return server;
}
