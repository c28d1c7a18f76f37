import { useSyncExternalStore } from "react";
import { currentHref, subscribe } from "./history";

/** The current URL (path and query), re-rendering on navigation. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, currentHref);
  return new URL(href, window.location.origin);
}
