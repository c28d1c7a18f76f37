/**
 * A minimal client-side router store: the app has five pages, which does not justify a
 * routing dependency. The gateway answers every page path with index.html, so deep links work.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

function notify(): void {
  for (const l of listeners) l();
}

window.addEventListener("popstate", notify);

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current path plus query, e.g. "/auctions/a1?x=1"; a string so React can compare snapshots. */
export function currentHref(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}
