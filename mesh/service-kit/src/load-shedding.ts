import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { RequestHandler } from "express";
import { HealthPaths } from "./health.js";
import { overloaded } from "./http-errors.js";
import { LagShedder, type LagSource } from "./lag-shedder.js";
import { SidecarOnlyPaths } from "./middleware.js";

/**
 * The event loop's lag from node's own histogram (perf_hooks.monitorEventLoopDelay, sampled
 * every `resolutionMs`): each read answers the worst delay since the previous one and starts
 * a new window.
 */
export function eventLoopLag(resolutionMs = 10): LagSource & { stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    read() {
      // Nanoseconds; an empty window (no sample yet) reports max 0.
      const worst = histogram.max / 1e6;
      histogram.reset();
      return Number.isFinite(worst) ? worst : 0;
    },
    stop: () => histogram.disable(),
  };
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Never shed: health probes (a shed probe would take the instance out of rotation) and sidecar deliveries (daprd retries them). */
const neverShed = (path: string) => Object.values(HealthPaths).some((p) => under(path, p)) || SidecarOnlyPaths.some((p) => under(path, p));

/**
 * Answers 503 OVERLOADED with Retry-After while `shedder` says the event loop lags, for
 * requests `only` selects (e.g. the public API), never for health probes or sidecar routes.
 */
export function lagSheddingMiddleware(shedder: LagShedder, { only }: { only: (path: string) => boolean }): RequestHandler {
  return (req, _res, next) => {
    if (neverShed(req.path) || !only(req.path)) return next();
    const verdict = shedder.verdict();
    if (!verdict.shed) return next();
    next(
      overloaded(`the service is busy (event loop ${Math.round(verdict.delayMs)} ms behind); try again shortly`, verdict.retryAfterSeconds),
    );
  };
}

/**
 * Starts measuring the event loop (a window every `windowMs`) and returns the shedder; the
 * timer does not keep the process alive. `maxDelayMs` 0: measured, never shed.
 *
 * Each window's lag is the worse of the histogram's maximum and how late the window's own
 * timer fired: resetting the histogram also drops the delay it was timing, so a block that
 * starts right after a reset would otherwise go unseen.
 */
export function startLagShedding({ maxDelayMs, windowMs = 500 }: { maxDelayMs: number; windowMs?: number }): {
  shedder: LagShedder;
  stop(): void;
} {
  const histogram = eventLoopLag();
  let last = performance.now();
  let late = 0;
  const shedder = new LagShedder({ maxDelayMs, lag: { read: () => Math.max(histogram.read(), late) } });
  const timer = setInterval(() => {
    const now = performance.now();
    late = Math.max(0, now - last - windowMs);
    last = now;
    shedder.sample();
  }, windowMs);
  timer.unref();
  return {
    shedder,
    stop() {
      clearInterval(timer);
      histogram.stop();
    },
  };
}
