import { SEARCH_PAGE_MAX, type SearchHit, type SearchResult } from "@auction-mesh/contracts";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/http";
import { searchAuctions } from "../api/search";
import { filtersToSearch, type ListingFilters, PAGE_SIZE, RESTORABLE_PAGES, searchQueryFor } from "../domain/listing-filters";
import { appendHits, type CategoryCounts, categoryCounts } from "../domain/search-options";

export type SearchResults =
  | { kind: "loading" }
  | { kind: "loaded"; key: string; items: SearchHit[]; total: number; pages: number }
  | { kind: "failed"; message: string };

/**
 * The list refreshes itself this often while shown, for auctions published meanwhile and what a
 * reload fetched before search had caught up (prices,
 * bids and ends of the cards shown move live over the socket: use-live-cards).
 */
const REFRESH_MS = 10_000;
/** Sooner while nothing matches: an auction just published is likely what is being looked for. */
const EMPTY_REFRESH_MS = 2_000;

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : "Something went wrong.");

/** The filters without the page: a new search when this changes, more of the same when only the page does. */
const searchKey = (filters: ListingFilters) => filtersToSearch({ ...filters, page: 1 });

/** The first `pages` pages of a search, as one list. */
async function loadPages(filters: ListingFilters, pages: number, signal: AbortSignal) {
  const loaded = await Promise.all(Array.from({ length: pages }, (_, i) => searchAuctions(searchQueryFor(filters, i + 1), signal)));
  return {
    items: loaded.reduce<SearchHit[]>((shown, p) => appendHits(shown, p.items), []),
    total: loaded[loaded.length - 1]?.total ?? 0,
    facets: (loaded[0] as SearchResult).facets,
  };
}

/**
 * The auctions matching the filters, as many pages as the URL says (so Back restores the list),
 * kept fresh while shown, and each category's count among the matches with every other filter.
 */
export function useAuctionSearch(filters: ListingFilters) {
  const key = searchKey(filters);
  const [results, setResults] = useState<SearchResults>({ kind: "loading" });
  const [counts, setCounts] = useState<CategoryCounts>();
  const [more, setMore] = useState<{ loading: boolean; error?: string }>({ loading: false });
  const [refreshes, setRefreshes] = useState(0);
  const latestKey = useRef(key);
  latestKey.current = key;

  /** Loads the first `pages` pages; the answer counts only while the filters are still these. */
  const load = (pages: number, signal: AbortSignal) =>
    loadPages(filters, pages, signal).then(({ items, total, facets }) => {
      if (signal.aborted) return;
      // A page added meanwhile ("Show more") is kept rather than dropped by an older answer.
      setResults((current) =>
        current.kind === "loaded" && current.pages > pages ? current : { kind: "loaded", key, pages, items, total },
      );
      if (!filters.category) setCounts(categoryCounts(facets.category));
    });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the filters, serialized; the page only counts on arrival.
  useEffect(() => {
    const abort = new AbortController();
    setResults({ kind: "loading" });
    setMore({ loading: false });
    load(filters.page, abort.signal).catch((err: unknown) => {
      if (!abort.signal.aborted) setResults({ kind: "failed", message: messageOf(err) });
    });
    // With a category chosen, the other categories' counts come from the same search without it.
    if (filters.category) {
      searchAuctions(searchQueryFor({ ...filters, category: "" }, 1, 1), abort.signal)
        .then((r) => setCounts(categoryCounts(r.facets.category)))
        .catch(() => undefined);
    }
    return () => abort.abort();
  }, [key]);

  // A quiet refresh of what is shown (no "Loading…"; a failure keeps the list): re-armed after each.
  const shownPages = results.kind === "loaded" && results.key === key ? results.pages : 0;
  const refreshMs = results.kind === "loaded" && results.total === 0 ? EMPTY_REFRESH_MS : REFRESH_MS;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-armed per search, per refresh, per page shown.
  useEffect(() => {
    if (shownPages === 0 || shownPages > RESTORABLE_PAGES) return;
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      const visible = document.visibilityState !== "hidden";
      (visible ? load(shownPages, abort.signal) : Promise.resolve()).catch(() => undefined).finally(() => setRefreshes((n) => n + 1));
    }, refreshMs);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [key, shownPages, refreshes, refreshMs]);

  const hasMore = results.kind === "loaded" && results.pages * PAGE_SIZE < results.total && results.pages < SEARCH_PAGE_MAX;

  /** Adds the next page to the list; resolves to the number of pages now shown (undefined if it did not). */
  const loadMore = async (): Promise<number | undefined> => {
    if (results.kind !== "loaded" || !hasMore || more.loading) return undefined;
    const next = results.pages + 1;
    setMore({ loading: true });
    try {
      const page = await searchAuctions(searchQueryFor(filters, next));
      setMore({ loading: false });
      // The filters changed meanwhile: this page belongs to the previous list.
      if (latestKey.current !== key) return undefined;
      setResults((current) =>
        current.kind === "loaded" && current.key === key && current.pages === next - 1
          ? { ...current, items: appendHits(current.items, page.items), total: page.total, pages: next }
          : current,
      );
      return next;
    } catch (err) {
      setMore({ loading: false, error: `More auctions could not be loaded: ${messageOf(err)}` });
      return undefined;
    }
  };

  return { results, counts, hasMore, loadingMore: more.loading, moreError: more.error, loadMore };
}
