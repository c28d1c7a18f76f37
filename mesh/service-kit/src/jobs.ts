import type { RequestHandler } from "express";
import type { MeshEnv } from "./config.js";
import type { Logger } from "./logger.js";
import { SidecarHttp } from "./sidecar-http.js";

export interface JobRequest {
  /** RFC 3339 time, or a Go duration ("0s": now). */
  dueTime: string;
  data: unknown;
  /** Retries when the app answers the trigger with an error. */
  retry?: { interval: string; maxRetries: number };
}

/**
 * Dapr's Jobs API (scheduler-backed, durable, at-least-once): schedules one-off jobs the
 * sidecar delivers to `POST /job/<name>` when due. The JS SDK 3.18 has no jobs client, so
 * this calls the sidecar's HTTP API (stable v1.0 since Dapr 1.18).
 */
export class Jobs {
  private readonly http: SidecarHttp;

  constructor(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_HTTP_PORT" | "DAPR_API_TOKEN">) {
    this.http = new SidecarHttp(config, "/v1.0/jobs");
  }

  /** Creates or replaces the job `name`. */
  async schedule(name: string, job: JobRequest): Promise<void> {
    const body = {
      dueTime: job.dueTime,
      data: job.data,
      overwrite: true,
      ...(job.retry ? { failurePolicy: { constant: { interval: job.retry.interval, maxRetries: job.retry.maxRetries } } } : {}),
    };
    const res = await this.http.request(`/${encodeURIComponent(name)}`, "POST", body);
    if (!res.ok) throw new Error(`scheduling job ${name} failed: ${res.status} ${await res.text()}`);
  }

  /** Deletes the job `name`; a job that is gone already is fine. */
  async delete(name: string): Promise<void> {
    const res = await this.http.request(`/${encodeURIComponent(name)}`, "DELETE");
    if (!res.ok && res.status !== 404) throw new Error(`deleting job ${name} failed: ${res.status} ${await res.text()}`);
  }
}

/**
 * The handler for the route the sidecar delivers due jobs to (`POST /job/:name`): a job named
 * `<prefix><id>` runs `handle(id)`; any other name is logged and acknowledged (200), so the
 * scheduler does not retry it. A `handle` that throws answers 500: the scheduler retries.
 */
export function jobHandler(prefix: string, logger: Logger, handle: (id: string) => Promise<void>): RequestHandler {
  return async (req, res) => {
    const name = String(req.params.name);
    if (!name.startsWith(prefix)) logger.warn({ job: name }, "unknown job; ignored");
    else await handle(name.slice(prefix.length));
    res.status(200).end();
  };
}
