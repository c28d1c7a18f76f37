import type { AppId } from "@auction-mesh/contracts";
import { bearerToken, type Sidecar } from "@auction-mesh/service-kit";
import type { Request } from "express";
import type { z } from "zod";

/** The caller's bearer token, passed on to services that check it themselves. */
export function forwardedAuth(req: Request): Record<string, string> {
  const token = bearerToken(req.header("authorization"));
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Calls to one service through the sidecar on the caller's behalf: their bearer token goes
 * along (with any extra `headers`), and the answer is parsed with `schema`. A callee's
 * failure is passed on as Sidecar.invoke does (its 4xx code, a shed 503, else 502).
 */
export function callerInvoker(sidecar: Sidecar, appId: AppId) {
  return <S extends z.ZodType>(req: Request, route: string, body: unknown, schema: S, headers: Record<string, string> = {}) =>
    sidecar.invoke(appId, route, body, schema, { ...forwardedAuth(req), ...headers });
}

/**
 * A query string's whole numbers as numbers, for a contract that takes numbers (query values
 * arrive as text); anything else is left as it is, for the contract to refuse by name.
 */
export function queryNumbers(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === "string" && /^-?\d{1,20}$/.test(v) ? Number(v) : v]));
}
