import type { MeshEnv } from "./config.js";
import { traceHeaders } from "./trace.js";

/**
 * Plain HTTP calls to the app's own sidecar, for the APIs the JS SDK does not cover (jobs) or
 * covers with conventions we avoid (actor calls from a non-host app): the base URL of one API
 * and the headers every call carries (API token, the current trace).
 */
export class SidecarHttp {
  readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_HTTP_PORT" | "DAPR_API_TOKEN">, apiPath: string) {
    this.base = `http://${config.DAPR_HOST}:${config.DAPR_HTTP_PORT}${apiPath}`;
    this.headers = config.DAPR_API_TOKEN ? { "dapr-api-token": config.DAPR_API_TOKEN } : {};
  }

  /** A body as it is (an image's bytes), with the caller's headers; the API token and trace are added. */
  send(path: string, method: string, headers: Record<string, string>, body?: Buffer | string, timeoutMs?: number): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      headers: { ...this.headers, ...headers, ...traceHeaders() },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** `body` as JSON. */
  request(path: string, method: string, body?: unknown, timeoutMs?: number): Promise<Response> {
    return this.send(
      path,
      method,
      { "content-type": "application/json" },
      body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
    );
  }
}
