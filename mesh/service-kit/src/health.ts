import type { Router } from "express";
import express from "express";

export const HealthPaths = { live: "/healthz/live", ready: "/healthz/ready" } as const;

export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

/** A readiness check that passes when `probe` resolves (e.g. a database round trip). */
export function probeCheck(probe: () => Promise<unknown>): ReadinessCheck {
  return async () => {
    try {
      await probe();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  };
}

/** Readiness of the app's own sidecar: its components are loaded (usable before the app is up). */
export function sidecarOutboundCheck(daprHost: string, daprHttpPort: number): ReadinessCheck {
  return async () => {
    try {
      const res = await fetch(`http://${daprHost}:${daprHttpPort}/v1.0/healthz/outbound`, {
        signal: AbortSignal.timeout(2_000),
      });
      return res.status === 204 || res.ok ? { ok: true } : { ok: false, detail: `sidecar outbound health answered ${res.status}` };
    } catch (err) {
      return { ok: false, detail: `sidecar unreachable: ${(err as Error).message}` };
    }
  };
}

/**
 * `/healthz/live`: the process is serving. `/healthz/ready`: every named check passes and
 * the service is not shutting down. 503 bodies say which check failed.
 */
export function healthRouter(checks: Record<string, ReadinessCheck>, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  router.get(HealthPaths.live, (_req, res) => {
    res.json({ status: "live" });
  });
  router.get(HealthPaths.ready, async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: "shutting-down", checks: {} });
      return;
    }
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await check()] as const));
    const ok = entries.every(([, r]) => r.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not-ready", checks: Object.fromEntries(entries) });
  });
  return router;
}
