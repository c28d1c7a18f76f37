import { bearerToken } from "@auction-mesh/service-kit";
import type { Request } from "express";

/** The caller's bearer token, passed on to services that check it themselves. */
export function forwardedAuth(req: Request): Record<string, string> {
  const token = bearerToken(req.header("authorization"));
  return token ? { authorization: `Bearer ${token}` } : {};
}
