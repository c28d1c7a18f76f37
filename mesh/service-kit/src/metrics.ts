import type { Request, RequestHandler, Response } from "express";
import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from "prom-client";

export type { Counter, Gauge, Histogram } from "prom-client";

/** Where Prometheus scrapes a service, on its app port; open without the app token, like the health probes. */
export const MetricsPath = "/metrics";

/** The route label of a request no route answered (a 404, a refusal before routing, a static file). */
export const UNMATCHED_ROUTE = "unmatched";

/** Where the request's route pattern is kept in `res.locals` (the trace middleware names its span after it). */
export const ROUTE_PATTERN_LOCAL = "routePattern";

/** Request durations, 5 ms to 10 s (seconds). */
export const REQUEST_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What a service says to register a metric: its registry is the service's own, so no `registers`. */
export type CounterOptions<L extends string> = Omit<CounterConfiguration<L>, "registers">;
export type GaugeOptions<L extends string> = Omit<GaugeConfiguration<L>, "registers">;
export type HistogramOptions<L extends string> = Omit<HistogramConfiguration<L>, "registers">;

type RequestLabel = "method" | "route" | "status_class";

/** An Express route's path as written: a string, a RegExp, or a list of them. */
const patternOf = (path: unknown): string => (Array.isArray(path) ? path.map(String).join("|") : String(path));

/**
 * Remembers the pattern of the last route that matched the request (`/api/auctions/:auctionId/bids`,
 * never the URL: one series per route, not per auction), with the prefix its router was mounted
 * at. Express sets `req.route` as a route matches and restores `req.baseUrl` as routers return,
 * so the pair is read at that moment rather than when the response finishes.
 */
function trackRoute(req: Request, res: Response): () => string {
  let route: unknown;
  let pattern = UNMATCHED_ROUTE;
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown } | undefined) => {
      route = value;
      if (value?.path !== undefined) {
        pattern = `${req.baseUrl}${patternOf(value.path)}`;
        res.locals[ROUTE_PATTERN_LOCAL] = pattern;
      }
    },
  });
  return () => pattern;
}

/**
 * One service's Prometheus metrics, in a registry of its own (never prom-client's global one,
 * which every test in a process would share): Node's process metrics (`collectDefaultMetrics`),
 * every series labelled `service` with the app id, and the HTTP request duration histogram by
 * method, route pattern and status class. Services register their own metrics with `counter`,
 * `gauge` and `histogram`; `GET /metrics` (MeshService mounts `endpoint`) serves them all in the
 * text exposition format.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<RequestLabel>;

  constructor(service: string, options: { defaultMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.requestDuration = this.histogram({
      name: "http_server_request_duration_seconds",
      help: "Time from a request's arrival to its response, by method, route pattern and status class (2xx, 4xx, 5xx).",
      labelNames: ["method", "route", "status_class"],
      buckets: REQUEST_DURATION_BUCKETS,
    });
  }

  counter<L extends string = never>(options: CounterOptions<L>): Counter<L> {
    return new Counter({ ...options, registers: [this.registry] });
  }

  gauge<L extends string = never>(options: GaugeOptions<L>): Gauge<L> {
    return new Gauge({ ...options, registers: [this.registry] });
  }

  histogram<L extends string = never>(options: HistogramOptions<L>): Histogram<L> {
    return new Histogram({ ...options, registers: [this.registry] });
  }

  /** Times every request but the scrape itself; mounted before every route. */
  readonly requests: RequestHandler = (req, res, next) => {
    if (req.path === MetricsPath) return next();
    const route = trackRoute(req, res);
    const end = this.requestDuration.startTimer();
    res.once("finish", () => {
      end({ method: req.method, route: route(), status_class: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };

  /** `GET /metrics`: every metric of the registry, in the text exposition format. */
  readonly endpoint: RequestHandler = async (_req, res) => {
    res.setHeader("content-type", this.registry.contentType);
    res.send(await this.registry.metrics());
  };

  /**
   * The current value of one sample (`auction_bids_accepted_total`, or a histogram's
   * `…_count` / `…_sum`), summed over the series whose labels include `labels`; 0 when none.
   * For tests and diagnostics: Prometheus reads `endpoint`.
   */
  async value(sample: string, labels: Record<string, string> = {}): Promise<number> {
    let total = 0;
    for (const metric of await this.registry.getMetricsAsJSON()) {
      for (const v of metric.values as { value: number; labels: Record<string, unknown>; metricName?: string }[]) {
        if ((v.metricName ?? metric.name) !== sample) continue;
        if (Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)) total += v.value;
      }
    }
    return total;
  }
}
