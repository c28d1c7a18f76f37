import type { Category, SearchableStatus, SearchSort } from "@auction-mesh/contracts";
import { SearchResult } from "@auction-mesh/contracts";
import { apiRequest, query } from "./http";

/** GET /api/search's query (see SearchQuery in the contracts): prices in cents, absent is no filter. */
export interface SearchRequest {
  q?: string | undefined;
  category?: Category | undefined;
  status?: SearchableStatus | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  seller?: string | undefined;
  sort?: SearchSort | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

/** Anyone's search over published auctions: text (typos forgiven), filters, sort, a page, and counts. */
export const searchAuctions = (q: SearchRequest, signal?: AbortSignal) =>
  apiRequest(`/api/search${query({ ...q })}`, { schema: SearchResult, ...(signal ? { signal } : {}) });
