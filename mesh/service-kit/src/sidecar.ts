import {
  type ApiErrorBody,
  ApiErrorBody as ApiErrorBodySchema,
  Components,
  type TopicPayload,
  TopicSchemas,
} from "@auction-mesh/contracts";
import { type DaprClient, HttpMethod } from "@dapr/dapr";
import type { z } from "zod";
import { HttpError } from "./http-errors.js";
import { inSpan, SpanKind, traceHeaders } from "./trace.js";

/** What the SDK throws for a non-2xx answer from the sidecar (HTTPClient.execute). */
function parseSdkError(err: unknown): { status: number; body: unknown } | undefined {
  if (!(err instanceof Error)) return undefined;
  try {
    const parsed = JSON.parse(err.message) as { status?: number; error_msg?: string };
    if (typeof parsed.status !== "number") return undefined;
    let body: unknown = parsed.error_msg;
    try {
      body = JSON.parse(parsed.error_msg ?? "");
    } catch {
      // plain-text answer: keep it as is
    }
    return { status: parsed.status, body };
  } catch {
    return undefined;
  }
}

/** A callee's 503 shed answer, passed on as a 503 with when to come back (default 1 s). */
function shedAnswer(e: ApiErrorBody): HttpError {
  const details = e.details as { retryAfterSeconds?: unknown } | undefined;
  const seconds = typeof details?.retryAfterSeconds === "number" && details.retryAfterSeconds > 0 ? details.retryAfterSeconds : 1;
  const shed = new HttpError(503, e.code, e.message, { retryAfterSeconds: Math.ceil(seconds) });
  shed.retryAfterSeconds = Math.ceil(seconds);
  return shed;
}

/**
 * A callee's failed answer as the caller passes it on: a 4xx that carries an ApiErrorBody (and
 * a shed 503, with its Retry-After) keeps the callee's status and code; anything else is 502
 * UPSTREAM_FAILED, with the body kept for the log.
 */
export function calleeFailure(call: string, failure: { status: number; body: unknown }): HttpError {
  const apiError = ApiErrorBodySchema.safeParse(failure.body);
  if (failure.status < 500 && apiError.success) {
    const e: ApiErrorBody = apiError.data;
    return new HttpError(failure.status, e.code, e.message, e.details);
  }
  if (failure.status === 503 && apiError.success) return shedAnswer(apiError.data);
  return new HttpError(502, "UPSTREAM_FAILED", `${call} failed: status ${failure.status}`, undefined, failure.body);
}

/**
 * Typed calls through the app's own sidecar. Payloads are checked against the shared zod
 * contracts on the way out and on the way back, so a contract break fails at the edge with
 * a clear error instead of deep inside another service.
 */
export class Sidecar {
  constructor(private readonly client: DaprClient) {}

  /** Publishes a domain event; the payload must satisfy the topic's contract. */
  async publish<T extends keyof TopicSchemas>(topic: T, payload: TopicPayload<T>): Promise<void> {
    const data = TopicSchemas[topic].parse(payload) as object;
    await inSpan(`publish ${topic}`, { kind: SpanKind.PRODUCER, attributes: { "messaging.destination.name": topic } }, async () => {
      const { traceparent } = traceHeaders();
      const result = await this.client.pubsub.publish(Components.pubsub, topic, data, {
        contentType: "application/json",
        // This span goes into the CloudEvent: every delivery joins the trace. (The SDK's publish sends
        // no trace headers, so daprd's own publish span starts a trace of its own.)
        ...(traceparent ? { metadata: { "cloudevent.traceparent": traceparent } } : {}),
      });
      if (result.error) throw new Error(`publish to ${topic} failed: ${result.error.message}`);
    });
  }

  /**
   * Publishes what an outbox kept: a topic name and payload read back from a database, checked
   * against the topic's contract like any publish.
   */
  async publishStored(topic: string, payload: unknown): Promise<void> {
    if (!Object.hasOwn(TopicSchemas, topic)) throw new Error(`an outbox message names a topic no contract knows: ${topic}`);
    await this.publish(topic as keyof TopicSchemas, payload as never);
  }

  /**
   * POSTs `body` to `method` on `appId` (with extra `headers`, e.g. the caller's
   * Authorization) and parses the answer with `response`. A 4xx answer
   * that carries an ApiErrorBody is rethrown as the same HttpError, so callers keep the
   * callee's code; so does a 503 with one (the callee shed the request: it stays a 503 with its
   * Retry-After, read from `details.retryAfterSeconds`, since the SDK drops headers); anything
   * else becomes 502 UPSTREAM_FAILED.
   */
  async invoke<S extends z.ZodType>(
    appId: string,
    method: string,
    body: unknown,
    response: S,
    headers: Record<string, string> = {},
  ): Promise<z.infer<S>> {
    const raw = await inSpan(`invoke ${appId}/${method}`, { kind: SpanKind.CLIENT, attributes: { "dapr.app_id": appId } }, () =>
      this.call(appId, method, body, headers),
    );
    const parsed = response.safeParse(raw);
    if (!parsed.success) {
      throw new HttpError(502, "UPSTREAM_CONTRACT_BROKEN", `${appId}/${method} answered outside its contract: ${parsed.error.message}`);
    }
    return parsed.data;
  }

  private async call(appId: string, method: string, body: unknown, headers: Record<string, string>): Promise<unknown> {
    try {
      return await this.client.invoker.invoke(appId, method, HttpMethod.POST, body as object, {
        headers: { ...headers, ...traceHeaders() },
      });
    } catch (err) {
      const failure = parseSdkError(err);
      if (failure) throw calleeFailure(`${appId}/${method}`, failure);
      throw new HttpError(502, "UPSTREAM_FAILED", `${appId}/${method} failed: ${(err as Error).message}`);
    }
  }
}
