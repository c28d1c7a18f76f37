import type { SearchHit } from "@auction-mesh/contracts";
import { resultCountText } from "../domain/search-options";
import type { SearchResults as Results } from "../pages/use-auction-search";
import { AuctionCard } from "./AuctionCard";
import { FormMessage } from "./FormMessage";

interface SearchResultsProps {
  results: Results;
  /** The cards to show: the results' hits with their live updates applied. */
  cards: SearchHit[];
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | undefined;
  onShowMore: () => void;
}

/** How many auctions match, their cards, and a button for the next page. */
export function SearchResults({ results, cards, hasMore, loadingMore, moreError, onShowMore }: SearchResultsProps) {
  return (
    <section aria-labelledby="results-heading" aria-busy={results.kind === "loading"}>
      <h2 id="results-heading" className="visually-hidden">
        Results
      </h2>
      <output className="results-count">{results.kind === "loaded" ? resultCountText(results.total) : ""}</output>
      {results.kind === "loading" ? <p>Loading auctions…</p> : null}
      {results.kind === "failed" ? <FormMessage tone="error">Auctions could not be loaded: {results.message}</FormMessage> : null}
      {results.kind === "loaded" && results.items.length === 0 ? <p>No auctions match. Try other words or filters.</p> : null}
      {results.kind === "loaded" && results.items.length > 0 ? (
        <ul className="cards" aria-label="Auctions">
          {cards.map((hit) => (
            <li key={hit.id}>
              <AuctionCard hit={hit} />
            </li>
          ))}
        </ul>
      ) : null}
      {moreError ? <FormMessage tone="error">{moreError}</FormMessage> : null}
      {hasMore ? (
        <button type="button" className="button" onClick={onShowMore} disabled={loadingMore}>
          {loadingMore ? "Loading…" : "Show more auctions"}
        </button>
      ) : null}
    </section>
  );
}
