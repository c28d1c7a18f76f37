import type { ApiErrorBody } from "@auction-mesh/contracts";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { z } from "zod";
import type { Logger } from "./logger.js";

/**
 * An error that maps to an HTTP status with a machine-readable code. `upstream`: what a failed
 * call to another service answered (daprd's error body, say), for the log only: callers never
 * see it (it may name internal addresses).
 */
export class HttpError extends Error {
  /** Whole seconds the caller should wait before trying again, sent as Retry-After. */
  retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly upstream?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * 503 OVERLOADED: the service sheds this request rather than answer it too late. Retry-After
 * and `details.retryAfterSeconds` say when to come back (the body carries it too, because the
 * JS SDK drops the headers of a failed service invocation).
 */
export function overloaded(message: string, retryAfterSeconds: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const err = new HttpError(503, "OVERLOADED", message, { retryAfterSeconds: seconds });
  err.retryAfterSeconds = seconds;
  return err;
}

/** Parses `value` with `schema` or throws a 400 VALIDATION_FAILED naming each bad field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what = "body"): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(
    400,
    "VALIDATION_FAILED",
    `Invalid ${what}: ${result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "ROUTE_NOT_FOUND", `No route for ${req.method} ${req.path}`));
};

/** Turns any error into an ApiErrorBody; never leaks a stack trace to the caller. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: ApiErrorBody = { code: "INTERNAL", message: "Internal error" };
    if (err instanceof HttpError) {
      status = err.status;
      body = { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
    } else if (err?.type === "entity.parse.failed") {
      status = 400;
      body = { code: "MALFORMED_JSON", message: "Request body is not valid JSON" };
    } else if (err?.type === "entity.too.large") {
      status = 413;
      body = { code: "PAYLOAD_TOO_LARGE", message: "Request body is too large" };
    }
    const retryAfterSeconds = err instanceof HttpError ? err.retryAfterSeconds : undefined;
    if (retryAfterSeconds !== undefined) {
      logger.warn({ status, code: body.code, retryAfterSeconds, method: req.method, path: req.path }, "request shed");
    } else if (status >= 500) logger.error({ err, method: req.method, path: req.path }, "request failed");
    else logger.info({ status, code: body.code, method: req.method, path: req.path }, "request rejected");
    if (res.headersSent) return;
    if (retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(retryAfterSeconds));
    res.status(status).json(body);
  };
}
