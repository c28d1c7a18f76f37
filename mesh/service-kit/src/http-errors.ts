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
    if (status >= 500) logger.error({ err, method: req.method, path: req.path }, "request failed");
    else logger.info({ status, code: body.code, method: req.method, path: req.path }, "request rejected");
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}
