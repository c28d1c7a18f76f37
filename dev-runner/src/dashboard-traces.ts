/**
 * The dashboard's traces: reads the embedded Jaeger's query API (GET /api/traces?service=…,
 * GET /api/traces/<id>) and answers a small same-origin shape the page draws as a waterfall
 * (Jaeger's Go module carries no UI).
 */

import { errorReply, getWithin, type Reply } from "./dashboard-http.js";

/** One span, placed on its trace's time line. */
export interface WaterfallSpan {
  spanId: string;
  parentId?: string;
  /** The service whose process made it (an app, or its sidecar: daprd reports its app id). */
  service: string;
  /** True for a span daprd made (a sidecar), false for one the app made. */
  sidecar: boolean;
  name: string;
  kind: string;
  /** Since the trace's first span started, and how long it took, in microseconds. */
  startUs: number;
  durationUs: number;
  error: boolean;
  depth: number;
}

export interface Waterfall {
  traceId: string;
  durationUs: number;
  spans: WaterfallSpan[];
}

export interface TraceSummary {
  traceId: string;
  root: string;
  startedAt: string;
  durationUs: number;
  spans: number;
  services: string[];
  error: boolean;
}

export const TRACE_LIST_LIMIT = 20;
const TIMEOUT_MS = 3_000;

/** A W3C / Jaeger trace id: 32 hex digits (Jaeger also takes 16). Anything else never reaches it. */
export const isTraceId = (id: string): boolean => /^([0-9a-f]{16}|[0-9a-f]{32})$/.test(id);
/** Service names are app ids: letters, digits and dashes. */
const isServiceName = (name: string): boolean => /^[a-z0-9][a-z0-9-]{0,62}$/.test(name);

interface JaegerTag {
  key: string;
  value: unknown;
}
interface JaegerSpan {
  spanID: string;
  operationName: string;
  references?: { refType: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags?: JaegerTag[];
  processID: string;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] }>;
}

const tag = (tags: JaegerTag[] | undefined, key: string) => tags?.find((t) => t.key === key)?.value;

/**
 * daprd reports its spans under its app's id, like the app: an app's spans come from the services'
 * tracer (instrumentation scope "auction-mesh", service-kit's trace.ts) in OpenTelemetry JS.
 */
function isSidecarSpan(span: JaegerSpan, process: { tags?: JaegerTag[] } | undefined): boolean {
  return tag(span.tags, "otel.scope.name") !== "auction-mesh" && tag(process?.tags, "telemetry.sdk.language") !== "nodejs";
}

const isError = (span: JaegerSpan) => tag(span.tags, "error") === true || tag(span.tags, "otel.status_code") === "ERROR";

function depthOf(span: JaegerSpan, byId: Map<string, JaegerSpan>): number {
  let depth = 0;
  let parent = span.references?.find((r) => r.refType === "CHILD_OF")?.spanID;
  const seen = new Set<string>();
  while (parent && byId.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    depth++;
    parent = byId.get(parent)?.references?.find((r) => r.refType === "CHILD_OF")?.spanID;
  }
  return depth;
}

/** Jaeger's trace as a waterfall: spans by start time, each with its depth under its parent. */
export function waterfall(trace: JaegerTrace): Waterfall {
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  const spans = [...trace.spans]
    .sort((a, b) => a.startTime - b.startTime)
    .map((s): WaterfallSpan => {
      const process = trace.processes[s.processID];
      const parentId = s.references?.find((r) => r.refType === "CHILD_OF")?.spanID;
      return {
        spanId: s.spanID,
        ...(parentId ? { parentId } : {}),
        service: process?.serviceName ?? "?",
        sidecar: isSidecarSpan(s, process),
        name: s.operationName,
        kind: String(tag(s.tags, "span.kind") ?? "internal"),
        startUs: s.startTime - start,
        durationUs: s.duration,
        error: isError(s),
        depth: depthOf(s, byId),
      };
    });
  return { traceId: trace.traceID, durationUs: end - start, spans };
}

function summaryOf(trace: JaegerTrace): TraceSummary {
  const w = waterfall(trace);
  const first = [...trace.spans].sort((a, b) => a.startTime - b.startTime)[0];
  const root = w.spans.find((s) => !s.parentId) ?? w.spans[0];
  return {
    traceId: trace.traceID,
    root: root ? `${root.service}: ${root.name}` : "",
    startedAt: new Date((first?.startTime ?? 0) / 1000).toISOString(),
    durationUs: w.durationUs,
    spans: trace.spans.length,
    services: [...new Set(w.spans.map((s) => s.service))].sort(),
    error: w.spans.some((s) => s.error),
  };
}

const noJaeger = () =>
  errorReply(
    503,
    "NO_TRACE_STORE",
    "This mesh runs no Jaeger (its profile embeds none, or `npm run setup` has not built it), so there are no traces.",
  );

async function jaegerGet(url: string): Promise<{ data?: JaegerTrace[] } | Reply> {
  const res = await getWithin(url, TIMEOUT_MS);
  if (!res) return errorReply(502, "TRACE_STORE_UNREACHABLE", "Jaeger did not answer");
  if (res.status === 404) return errorReply(404, "TRACE_NOT_FOUND", "Jaeger has no such trace (yet: spans arrive within seconds)");
  if (!res.ok) return errorReply(502, "TRACE_STORE_FAILED", `Jaeger answered ${res.status}`);
  return (await res.json()) as { data?: JaegerTrace[] };
}

const isReply = (x: unknown): x is Reply => typeof x === "object" && x !== null && "status" in x && "body" in x;

/** GET /api/traces?service=<app>: its latest traces, newest first. */
export async function traceList(jaegerUrl: string | undefined, service: string): Promise<Reply> {
  if (!jaegerUrl) return noJaeger();
  if (!isServiceName(service)) return errorReply(400, "INVALID_SERVICE", "service must be an app id (letters, digits, dashes)");
  const answer = await jaegerGet(`${jaegerUrl}/api/traces?service=${service}&limit=${TRACE_LIST_LIMIT}&lookback=1h`);
  if (isReply(answer)) return answer.status === 404 ? { status: 200, body: { service, traces: [] } } : answer;
  const traces = (answer.data ?? []).filter((t) => t.spans.length > 0).map(summaryOf);
  traces.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { status: 200, body: { service, traces } };
}

/** GET /api/traces/<id>: one trace as a waterfall. */
export async function traceDetail(jaegerUrl: string | undefined, traceId: string): Promise<Reply> {
  if (!jaegerUrl) return noJaeger();
  if (!isTraceId(traceId)) return errorReply(400, "INVALID_TRACE_ID", "a trace id is 32 (or 16) lowercase hex digits");
  const answer = await jaegerGet(`${jaegerUrl}/api/traces/${traceId}`);
  if (isReply(answer)) return answer;
  const trace = answer.data?.[0];
  if (!trace || trace.spans.length === 0)
    return errorReply(404, "TRACE_NOT_FOUND", "Jaeger has no such trace (yet: spans arrive within seconds)");
  return { status: 200, body: waterfall(trace) };
}
