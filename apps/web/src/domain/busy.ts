import { ApiError } from "../api/http";

/** How long the server asked us to wait: Retry-After, else `details.retryAfterSeconds`. */
function waitSeconds(err: ApiError): number | undefined {
  if (err.retryAfterSeconds !== undefined) return err.retryAfterSeconds;
  const fromBody = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof fromBody === "number" && fromBody > 0 ? Math.ceil(fromBody) : undefined;
}

/**
 * What a sign-up or sign-in form says when the service shed the request (503, usually
 * OVERLOADED with Retry-After): nothing was done, and when to try again. Undefined for any
 * other answer.
 */
export function busyNotice(err: unknown, action: "sign-up" | "sign-in"): string | undefined {
  if (!(err instanceof ApiError) || err.status !== 503) return undefined;
  const seconds = waitSeconds(err);
  const when = seconds === undefined ? "in a moment" : `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  return action === "sign-up"
    ? `Lots of people are signing up right now, so your account was not created yet. Please try again ${when}.`
    : `Lots of people are signing in right now. Please try again ${when}.`;
}
