import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HealthPaths } from "./health.js";
import { HttpError } from "./http-errors.js";
import { MetricsPath, ROUTE_PATTERN_LOCAL } from "./metrics.js";
import { contextFrom, currentTrace, runInContext, SpanKind, startSpan } from "./trace.js";

/**
 * Runs the rest of the request inside a server span, a child of the caller's W3C trace context
 * (daprd forwards `traceparent` on invocations, actor calls and pub/sub deliveries) or a new
 * trace, so every log line and every onward call through the sidecar carries the same trace id.
 * The span is named after the route pattern once the response is sent, and answers carry its
 * `traceparent` (a client can look its trace up).
 */
const UNTRACED_PATHS = new Set<string>([...Object.values(HealthPaths), MetricsPath]);

export const traceContextMiddleware: RequestHandler = (req, res, next) => {
  // Probes and scrapes every few seconds would bury the traces people look for.
  if (UNTRACED_PATHS.has(req.path)) return next();
  const { span, context } = startSpan(req.method, {
    kind: SpanKind.SERVER,
    parent: contextFrom(req.headers),
    attributes: { "http.request.method": req.method, "url.path": req.path },
  });
  res.once("finish", () => {
    const route = res.locals[ROUTE_PATTERN_LOCAL] as string | undefined;
    if (route) span.updateName(`${req.method} ${route}`).setAttribute("http.route", route);
    span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: 2 });
    span.end();
  });
  runInContext(context, () => {
    const trace = currentTrace();
    if (trace) res.setHeader("traceparent", trace.traceparent);
    next();
  });
};

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Rejects requests that do not carry the app token. daprd sends `dapr-api-token` on every
 * call to the app when it runs with APP_API_TOKEN; the JS SDK does not check it, so we do.
 * Paths under a prefix in `open` (health probes, a gateway's public API and web app) stay
 * reachable without it, except the routes only a sidecar may call (actors, subscriptions,
 * jobs, /dapr), which always need it, even under an open prefix such as "/".
 */
export const SidecarOnlyPaths = ["/dapr", "/actors", "/events", "/job"] as const;

const under = (path: string, prefix: string) => prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);

export function appTokenMiddleware(token: string | undefined, open: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const sidecarOnly = SidecarOnlyPaths.some((prefix) => under(req.path, prefix));
    if (!token || (!sidecarOnly && open.some((prefix) => under(req.path, prefix)))) return next();
    const presented = req.header("dapr-api-token");
    if (presented && sameSecret(presented, token)) return next();
    next(
      new HttpError(
        401,
        presented ? "APP_TOKEN_INVALID" : "APP_TOKEN_MISSING",
        "Calls to this app must come through its Dapr sidecar (dapr-api-token)",
      ),
    );
  };
}
