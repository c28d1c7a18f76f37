import type { Listing } from "@auction-mesh/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { listAuctions } from "../api/auctions";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { AuctionCard } from "../components/AuctionCard";
import { FormMessage } from "../components/FormMessage";
import { statusLabel } from "../components/StatusBadge";
import { categoryOptions } from "../domain/categories";
import { filtersFromSearch, filtersToSearch, type ListingFilters } from "../domain/listing-filters";
import { navigate } from "../routing/history";
import { useLocation } from "../routing/use-location";

const PAGE_SIZE = 20;
const TYPING_PAUSE_MS = 300;
const STATUSES = ["live", "scheduled", "closed"] as const;

type Results = { kind: "loading" } | { kind: "loaded"; items: Listing[]; nextCursor: string | null } | { kind: "failed"; message: string };

export function AuctionListPage() {
  usePageTitle("Auctions");
  const location = useLocation();
  const filters = filtersFromSearch(location.search);
  const [text, setText] = useState(filters.q);
  const [results, setResults] = useState<Results>({ kind: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  const key = filtersToSearch(filters);

  const apply = (next: ListingFilters) => navigate(`/${filtersToSearch(next)}`, { replace: true });

  // The URL changed from outside the box (a link, back/forward): show its search words.
  useEffect(() => setText(filters.q), [filters.q]);

  // Search as you type, once typing pauses.
  useEffect(() => {
    if (text.trim() === filters.q.trim()) return;
    const timer = window.setTimeout(() => apply({ ...filters, q: text }), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the filters, serialized.
  useEffect(() => {
    const abort = new AbortController();
    setResults({ kind: "loading" });
    listAuctions({ ...query(filters), limit: PAGE_SIZE }, abort.signal)
      .then((page) => setResults({ kind: "loaded", items: page.items, nextCursor: page.nextCursor }))
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setResults({ kind: "failed", message: err instanceof ApiError ? err.message : "Something went wrong." });
      });
    return () => abort.abort();
  }, [key]);

  const loadMore = async () => {
    if (results.kind !== "loaded" || !results.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listAuctions({ ...query(filters), limit: PAGE_SIZE, cursor: results.nextCursor });
      setResults({ kind: "loaded", items: [...results.items, ...page.items], nextCursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ ...filters, q: text });
  };

  return (
    <>
      <h1 tabIndex={-1}>Auctions</h1>
      <search aria-label="Find auctions">
        <form className="filters" onSubmit={submit}>
          <div className="field filters__search">
            <label htmlFor="search-q">Search</label>
            <input
              id="search-q"
              type="search"
              name="q"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="e.g. vintage camera"
            />
          </div>
          <div className="field">
            <label htmlFor="search-category">Category</label>
            <select
              id="search-category"
              value={filters.category}
              onChange={(e) => apply({ ...filters, q: text, category: e.target.value as ListingFilters["category"] })}
            >
              <option value="">All categories</option>
              {categoryOptions.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-status">Status</label>
            <select
              id="search-status"
              value={filters.status}
              onChange={(e) => apply({ ...filters, q: text, status: e.target.value as ListingFilters["status"] })}
            >
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--primary filters__submit">
            Search
          </button>
        </form>
      </search>

      <section aria-labelledby="results-heading" aria-busy={results.kind === "loading"}>
        <h2 id="results-heading" className="visually-hidden">
          Results
        </h2>
        <output className="results-count">
          {results.kind === "loaded"
            ? `${results.items.length}${results.nextCursor ? "+" : ""} auction${results.items.length === 1 ? "" : "s"} found`
            : ""}
        </output>
        {results.kind === "loading" ? <p>Loading auctions…</p> : null}
        {results.kind === "failed" ? <FormMessage tone="error">Auctions could not be loaded: {results.message}</FormMessage> : null}
        {results.kind === "loaded" && results.items.length === 0 ? <p>No auctions match. Try other words or filters.</p> : null}
        {results.kind === "loaded" && results.items.length > 0 ? (
          <ul className="cards">
            {results.items.map((l) => (
              <li key={l.id}>
                <AuctionCard listing={l} />
              </li>
            ))}
          </ul>
        ) : null}
        {results.kind === "loaded" && results.nextCursor ? (
          <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Show more auctions"}
          </button>
        ) : null}
      </section>
    </>
  );
}

/** The API's query: empty filters are left out. */
function query(f: ListingFilters) {
  return {
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.status ? { status: f.status } : {}),
  };
}
