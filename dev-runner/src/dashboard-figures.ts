/**
 * The dashboard's "Key figures": instant queries (GET /api/v1/query) of the series recorded by
 * observability/prometheus-rules.yml, the scrape targets' `up`, and the firing alerts
 * (GET /api/v1/alerts), read from the embedded Prometheus' HTTP API and answered as one small
 * same-origin shape. A figure with no sample yet (nothing scraped, or NaN: no traffic to divide
 * by, no observation in the window) is null.
 */
import { errorReply, getWithin, type Reply } from "./dashboard-http.js";

/** One service's golden signals. */
export interface ServiceFigures {
  service: string;
  requestsPerSecond: number | null;
  /** Share of answers that were 5xx, 0..1. */
  errorRatio: number | null;
  latencyP95Seconds: number | null;
  cpuCores: number | null;
}

export interface BiddingFigures {
  acceptedPerSecond: number | null;
  /** Every code's rate summed. */
  refusedPerSecond: number | null;
  refusedPerSecondByCode: Record<string, number | null>;
  turnP95Seconds: number | null;
  fanoutLagP95Seconds: number | null;
  liveWatchers: number | null;
}

export interface Target {
  job: string;
  instance: string;
  service: string;
}

export interface FiringAlert {
  name: string;
  severity: string;
  summary: string;
  since: string;
}

export interface KeyFigures {
  /** When Prometheus was asked. */
  at: string;
  services: ServiceFigures[];
  bidding: BiddingFigures;
  targets: { up: number; total: number; down: Target[] };
  alerts: FiringAlert[];
}

/** The recorded series the figures read (their names are observability/prometheus-rules.yml's). */
export const FIGURE_QUERIES = {
  requests: "service:http_requests:rate1m",
  errors: "service:http_errors:ratio_rate1m",
  latency: "service:http_latency_seconds:p95_1m",
  cpu: "service:cpu_cores:rate1m",
  accepted: "auction:bids_accepted:rate1m",
  refused: "auction:bids_refused:rate1m",
  turn: "auction:bid_turn_seconds:p95_1m",
  fanoutLag: "auction:fanout_lag_seconds:p95_1m",
  watchers: "auction:live_watchers:sum",
  up: "up",
} as const;

type FigureName = keyof typeof FIGURE_QUERIES;

/** The dashboard refreshes every 2 s: a Prometheus slower than this counts as not answering. */
export const PROMETHEUS_TIMEOUT_MS = 1_500;

/** One element of an instant vector: its labels and [unix seconds, value as text]. */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Prometheus did not answer, or not with a success; the message says what happened. */
export class PrometheusUnanswered extends Error {}

/** A sample's number; null when absent or not finite (NaN: nothing to divide by or no observation). */
export function sampleValue(sample: Sample | undefined): number | null {
  const value = sample === undefined ? Number.NaN : Number(sample.value[1]);
  return Number.isFinite(value) ? value : null;
}

/** GET an API path and unwrap `data` from `{ status: "success", data }`; throws PrometheusUnanswered otherwise. */
async function apiData<T>(base: string, path: string, timeoutMs: number): Promise<T> {
  const res = await getWithin(`${base}${path}`, timeoutMs);
  if (!res) throw new PrometheusUnanswered(`Prometheus at ${base} does not answer`);
  const body = (await res.json().catch(() => undefined)) as { status?: string; data?: T; error?: string } | undefined;
  if (!res.ok || body?.status !== "success" || body.data === undefined) {
    throw new PrometheusUnanswered(`Prometheus at ${base} answered ${res.status}${body?.error ? `: ${body.error}` : ""}`);
  }
  return body.data;
}

/** An instant query's samples (an empty list when the series has none yet). */
export async function instantQuery(base: string, promql: string, timeoutMs = PROMETHEUS_TIMEOUT_MS): Promise<Sample[]> {
  const data = await apiData<{ resultType: string; result: unknown }>(base, `/api/v1/query?query=${encodeURIComponent(promql)}`, timeoutMs);
  return data.resultType === "vector" ? (data.result as Sample[]) : [];
}

interface PrometheusAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: string;
  activeAt?: string;
}

/** The alerts that are firing (not pending), oldest first. */
export async function firingAlerts(base: string, timeoutMs = PROMETHEUS_TIMEOUT_MS): Promise<FiringAlert[]> {
  const data = await apiData<{ alerts: PrometheusAlert[] }>(base, "/api/v1/alerts", timeoutMs);
  return data.alerts
    .filter((a) => a.state === "firing")
    .map((a) => ({
      name: a.labels.alertname ?? "",
      severity: a.labels.severity ?? "",
      summary: a.annotations?.summary ?? "",
      since: a.activeAt ?? "",
    }))
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** Samples keyed by one label's value. */
const byLabel = (samples: Sample[], label: string) => new Map(samples.map((s) => [s.metric[label] ?? "", sampleValue(s)]));

/** A row per service: the ones the mesh runs, and any other Prometheus has figures for. */
function serviceFigures(known: readonly string[], series: Record<"requests" | "errors" | "latency" | "cpu", Sample[]>): ServiceFigures[] {
  const requests = byLabel(series.requests, "service");
  const errors = byLabel(series.errors, "service");
  const latency = byLabel(series.latency, "service");
  const cpu = byLabel(series.cpu, "service");
  const names = new Set([...known, ...[requests, errors, latency, cpu].flatMap((m) => [...m.keys()])].filter(Boolean));
  return [...names].sort().map((service) => ({
    service,
    requestsPerSecond: requests.get(service) ?? null,
    errorRatio: errors.get(service) ?? null,
    latencyP95Seconds: latency.get(service) ?? null,
    cpuCores: cpu.get(service) ?? null,
  }));
}

/** The sum of the values that are numbers; null when none is. */
function sumOf(values: (number | null)[]): number | null {
  const numbers = values.filter((v): v is number => v !== null);
  return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0);
}

function biddingFigures(series: Record<"accepted" | "refused" | "turn" | "fanoutLag" | "watchers", Sample[]>): BiddingFigures {
  const byCode = Object.fromEntries(byLabel(series.refused, "code"));
  return {
    acceptedPerSecond: sampleValue(series.accepted[0]),
    refusedPerSecond: sumOf(Object.values(byCode)),
    refusedPerSecondByCode: byCode,
    turnP95Seconds: sampleValue(series.turn[0]),
    fanoutLagP95Seconds: sampleValue(series.fanoutLag[0]),
    liveWatchers: sampleValue(series.watchers[0]),
  };
}

/** The scrape targets: how many answered their last scrape (`up` 1), and which did not. */
function targetsOf(up: Sample[]): KeyFigures["targets"] {
  const down = up.filter((s) => sampleValue(s) !== 1);
  return {
    up: up.length - down.length,
    total: up.length,
    down: down.map(({ metric }) => ({ job: metric.job ?? "", instance: metric.instance ?? "", service: metric.service ?? "" })),
  };
}

/** Every figure, asked in parallel; throws PrometheusUnanswered when any question goes unanswered. */
export async function keyFigures(base: string, services: readonly string[], timeoutMs = PROMETHEUS_TIMEOUT_MS): Promise<KeyFigures> {
  const at = new Date().toISOString();
  const names = Object.keys(FIGURE_QUERIES) as FigureName[];
  const [alerts, ...results] = await Promise.all([
    firingAlerts(base, timeoutMs),
    ...names.map((name) => instantQuery(base, FIGURE_QUERIES[name], timeoutMs)),
  ]);
  const series = Object.fromEntries(names.map((name, i) => [name, results[i] ?? []])) as Record<FigureName, Sample[]>;
  return { at, services: serviceFigures(services, series), bidding: biddingFigures(series), targets: targetsOf(series.up), alerts };
}

/**
 * GET /api/figures: 200 with the figures; 503 NO_PROMETHEUS when the mesh runs none (`base`
 * undefined), 503 PROMETHEUS_UNREACHABLE when it does not answer (yet).
 */
export async function figuresReply(
  base: string | undefined,
  services: readonly string[],
  timeoutMs = PROMETHEUS_TIMEOUT_MS,
): Promise<Reply> {
  if (!base) {
    return errorReply(
      503,
      "NO_PROMETHEUS",
      "This mesh runs no Prometheus (the profile embeds none, or the prometheus binary is not installed: apt-get install prometheus), so there are no key figures.",
    );
  }
  try {
    return { status: 200, body: await keyFigures(base, services, timeoutMs) };
  } catch (err) {
    if (err instanceof PrometheusUnanswered) return errorReply(503, "PROMETHEUS_UNREACHABLE", err.message);
    throw err;
  }
}
