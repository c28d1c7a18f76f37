import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

export type { Context, Span };
export { SpanKind };

/** W3C trace context (https://www.w3.org/TR/trace-context/) of the work in progress, for logs. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  traceparent: string;
}

let provider: TracerProvider | undefined;

/**
 * Makes OpenTelemetry's API live in this process, once: W3C trace context, async context that
 * follows awaits, and (with `endpoint`, an OTLP/HTTP base URL such as the dev runner's Jaeger)
 * spans batched and exported under `service`. Without an endpoint spans still carry the context
 * that sidecars and logs read; nothing is exported. Sampling follows the caller (daprd samples by
 * dapr/config.yaml), and work that arrives with no trace starts a sampled one.
 */
export function startTracing(service: string, endpoint?: string, processors: SpanProcessor[] = []): void {
  if (provider) return;
  const exporters = endpoint
    ? [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }),
          scheduledDelayMillis: 1_000,
        }),
      ]
    : [];
  provider = new TracerProvider({
    // With the SDK's own attributes (telemetry.sdk.language: the dashboard tells app spans from daprd's by it).
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: service })),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [...exporters, ...processors],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** Sends the spans still waiting in the batch (before the process exits). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

/** The instrumentation scope of every span the services make (Jaeger shows it as `otel.scope.name`). */
export const TRACER_NAME = "auction-mesh";
const tracer = () => trace.getTracer(TRACER_NAME);

/** The current span's trace context, when there is one (log lines carry its ids). */
export function currentTrace(): TraceContext | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return undefined;
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-0${traceFlags & 1}` };
}

/** `traceparent` (and `tracestate`) of the current span, for a call to the sidecar. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a caller sent in its headers (`traceparent`), or none: then a span started in it is a root. */
export function contextFrom(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context by default. */
  parent?: Context;
}

/**
 * Runs `work` inside a new span that is active for everything it awaits, and ends it: an error
 * thrown marks the span failed and is rethrown. One shape for every span a service adds (a call
 * through the sidecar, an actor turn, a socket message).
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T> | T): Promise<T> {
  const { span, context: spanContext } = startSpan(name, options);
  try {
    return await context.with(spanContext, () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (a request whose end is an event, not a return). */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` with `ctx` active (synchronously entered; it follows every await inside). */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The active context, to resume later (a batch flushed for several callers). */
export function activeContext(): Context {
  return context.active();
}
