import type { AuthSession } from "@auction-mesh/contracts";
import { useSyncExternalStore } from "react";
import { sessionStore } from "./session-store";

/** The current session (or null), re-rendering when someone signs in or out. */
export function useSession(): AuthSession | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
