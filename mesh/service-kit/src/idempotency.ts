import { randomUUID } from "node:crypto";
import { IdempotencyKeyHeader, MeshHeaders } from "@auction-mesh/contracts";
import type { Request } from "express";
import { HttpError } from "./http-errors.js";

/**
 * The request's Idempotency-Key header (MeshHeaders.idempotencyKey): undefined when it has
 * none, 400 INVALID_IDEMPOTENCY_KEY when it is not one.
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.header(MeshHeaders.idempotencyKey);
  if (raw === undefined) return undefined;
  const parsed = IdempotencyKeyHeader.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(
      400,
      "INVALID_IDEMPOTENCY_KEY",
      `The ${MeshHeaders.idempotencyKey} header must be 8 to 128 visible ASCII characters`,
    );
  }
  return parsed.data;
}

/**
 * The header to send with a create the mesh may resend: the client's own key, or a new one
 * for this request, so at least daprd's resends of it are recognised by the callee.
 */
export function forwardedIdempotencyKey(req: Request): Record<string, string> {
  return { [MeshHeaders.idempotencyKey]: idempotencyKeyOf(req) ?? randomUUID() };
}
