import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HttpError } from "./http-errors.js";
import { newTraceContext, parseTraceparent, runWithTrace } from "./trace.js";

/**
 * Runs the rest of the request inside the caller's W3C trace context (daprd forwards
 * `traceparent` on invocations and pub/sub deliveries), or a new one, so every log line
 * and every onward call through the sidecar carries the same trace id.
 */
export const traceContextMiddleware: RequestHandler = (req, res, next) => {
  const context = parseTraceparent(req.header("traceparent")) ?? newTraceContext();
  res.setHeader("traceparent", context.traceparent);
  runWithTrace(context, next);
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
