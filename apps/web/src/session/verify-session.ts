import { me } from "../api/auth";
import { ApiError } from "../api/http";
import { sessionStore } from "./session-store";

/** A stored token may have been revoked or signed with a rotated key: drop it if the server refuses it. */
export async function verifyStoredSession(): Promise<void> {
  if (!sessionStore.token()) return;
  try {
    await me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) sessionStore.set(null);
  }
}
