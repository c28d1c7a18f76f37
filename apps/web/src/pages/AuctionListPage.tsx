import type { SearchHit } from "@auction-mesh/contracts";
import { usePageTitle } from "../app/use-page-title";
import { SearchFilters } from "../components/SearchFilters";
import { SearchResults } from "../components/SearchResults";
import { filtersFromSearch, filtersToSearch, type ListingFilters } from "../domain/listing-filters";
import { useLiveCards } from "../live/use-live-cards";
import { navigate } from "../routing/history";
import { useLocation } from "../routing/use-location";
import { useSession } from "../session/use-session";
import { useAuctionSearch } from "./use-auction-search";

const NO_HITS: SearchHit[] = [];

/**
 * Every published auction, found through search: words (typos forgiven), category, status,
 * price range and sort, all kept in the URL so a reload, a shared link or Back shows the same list.
 */
export function AuctionListPage() {
  usePageTitle("Auctions");
  const location = useLocation();
  const filters = filtersFromSearch(location.search);
  const search = useAuctionSearch(filters);
  const token = useSession()?.token ?? null;
  const cards = useLiveCards(search.results.kind === "loaded" ? search.results.items : NO_HITS, token);

  const apply = (next: ListingFilters) => navigate(`/${filtersToSearch(next)}`, { replace: true });

  const showMore = async () => {
    const pages = await search.loadMore();
    if (pages !== undefined) apply({ ...filters, page: pages });
  };

  return (
    <>
      <h1 tabIndex={-1}>Auctions</h1>
      <SearchFilters filters={filters} counts={search.counts} onApply={apply} />
      <SearchResults
        results={search.results}
        cards={cards}
        hasMore={search.hasMore}
        loadingMore={search.loadingMore}
        moreError={search.moreError}
        onShowMore={showMore}
      />
    </>
  );
}
