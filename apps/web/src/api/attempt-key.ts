import { useRef } from "react";
import { ApiError } from "./http";

/** 32 hex characters from the browser's CSPRNG (crypto.randomUUID needs a secure context; this does not). */
export function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Whether the next click must resend the same key: only when the outcome is unknown (no answer
 * came back, or the server failed and may have done the work), so the resend gets what the
 * first click made. After a definite answer the next submission is a new create.
 */
export function outcomeUnknown(err: unknown): boolean {
  return err instanceof ApiError && (err.code === "NETWORK" || err.status >= 500);
}

/** The Idempotency-Key of a form that creates something (sign-up, new auction). */
export function useAttemptKey(): { current(): string; answered(err?: unknown): void } {
  const key = useRef(newAttemptKey());
  return {
    current: () => key.current,
    answered: (err) => {
      if (!outcomeUnknown(err)) key.current = newAttemptKey();
    },
  };
}
