import { ApiErrorBody, MeshHeaders } from "@auction-mesh/contracts";
import type { z } from "zod";
import { sessionStore } from "../session/session-store";

/** A failed API call: the mesh's `{code, message, details}` body, or NETWORK when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The raw body, for answers that carry more than the error fields (e.g. a bid rejection). */
    readonly body?: unknown,
    /** Retry-After of a 429 or 503, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface RequestOptions<T> {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON; a FormData is sent as it is (multipart, the browser sets its boundary). */
  body?: unknown;
  /** Validates the answer, so a contract drift fails loudly here instead of deep in a component. */
  schema: z.ZodType<T>;
  signal?: AbortSignal;
  /** For a create: the same key on every resend of one attempt (see attempt-key.ts). */
  idempotencyKey?: string;
}

/** Same-origin JSON (or multipart) call to the gateway, with the signed-in user's bearer token when there is one. */
export async function apiRequest<T>(path: string, { method = "GET", body, schema, signal, idempotencyKey }: RequestOptions<T>): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (idempotencyKey) headers[MeshHeaders.idempotencyKey] = idempotencyKey;
  const multipart = typeof FormData !== "undefined" && body instanceof FormData;
  if (body !== undefined && !multipart) headers["content-type"] = "application/json";
  const token = sessionStore.token();
  if (token) headers.authorization = `Bearer ${token}`;

  let res: Response;
  try {
    const payload = body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body);
    res = await fetch(path, { method, headers, body: payload, signal: signal ?? null });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, "NETWORK", "Could not reach the server. Check your connection.");
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(json);
    const retryAfter = retryAfterSeconds(res.headers.get("retry-after"));
    if (parsed.success) throw new ApiError(res.status, parsed.data.code, parsed.data.message, parsed.data.details, json, retryAfter);
    throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}.`, undefined, json, retryAfter);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(res.status, "BAD_RESPONSE", "The server sent an answer this page does not understand.");
  return parsed.data;
}

/** Retry-After in seconds (the delay form; an HTTP date is left to the caller's default). */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** Builds "?a=1&b=2" from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}
