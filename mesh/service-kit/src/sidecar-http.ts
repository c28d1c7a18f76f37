import type { MeshEnv } from "./config.js";
import { currentTrace } from "./trace.js";

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
    this.headers = { "content-type": "application/json", ...(config.DAPR_API_TOKEN ? { "dapr-api-token": config.DAPR_API_TOKEN } : {}) };
  }

  /** Bytes as they are (an image), with the caller's headers; the API token and trace are added. */
  send(path: string, method: string, headers: Record<string, string>, body?: Buffer, timeoutMs?: number): Promise<Response> {
    const trace = currentTrace();
    const { "content-type": _json, ...common } = this.headers;
    return fetch(`${this.base}${path}`, {
      method,
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      headers: { ...common, ...headers, ...(trace ? { traceparent: trace.traceparent } : {}) },
      ...(body === undefined ? {} : { body }),
    });
  }

  request(path: string, method: string, body?: unknown, timeoutMs?: number): Promise<Response> {
    const trace = currentTrace();
    return fetch(`${this.base}${path}`, {
      method,
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      headers: trace ? { ...this.headers, traceparent: trace.traceparent } : this.headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
