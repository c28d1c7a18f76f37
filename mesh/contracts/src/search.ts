import { z } from "zod";
import { AuctionId, BidderId } from "./auction.js";
import { Category, ListingStatus } from "./listings.js";
import { Amount, MinorUnits } from "./money.js";
import { storableText } from "./text.js";
import { Lot } from "./watchlist.js";

/** What search shows: every listing once published; drafts and cancelled ones never. */
export const SearchableStatus = z.enum(["scheduled", "live", "closed", "sold", "unsold"]);
export type SearchableStatus = z.infer<typeof SearchableStatus>;
export const SEARCHABLE_STATUSES = SearchableStatus.options;

export const SearchSort = z.enum(["relevance", "ending-soonest", "newest", "price-asc", "price-desc", "most-bids"]);
export type SearchSort = z.infer<typeof SearchSort>;

export const SEARCH_QUERY_MAX = 200;
export const SEARCH_PAGE_MAX = 1_000;

/**
 * A search (the gateway's query string). Text is matched as words with typos forgiven, and
 * character by character where it holds no word (`%`, `_`, `100%`); a control character or
 * an over-long text is a 400 at the edge, never retried.
 */
export const SearchQuery = z
  .object({
    q: storableText().trim().max(SEARCH_QUERY_MAX).optional(),
    category: Category.optional(),
    status: SearchableStatus.optional(),
    minPrice: z.coerce.number().pipe(Amount).optional(),
    maxPrice: z.coerce.number().pipe(Amount).optional(),
    seller: BidderId.optional(),
    /** relevance (with text) or ending-soonest (without) by default. */
    sort: SearchSort.optional(),
    page: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(1),
    perPage: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine((s) => s.minPrice === undefined || s.maxPrice === undefined || s.minPrice <= s.maxPrice, {
    message: "minPrice must not exceed maxPrice",
    path: ["minPrice"],
  });
export type SearchQuery = z.infer<typeof SearchQuery>;
export type SearchQueryInput = z.input<typeof SearchQuery>;

/** One listing as search knows it: the catalogue's fields and bidding's live ones. */
export const SearchHit = z.object({
  id: AuctionId,
  title: z.string(),
  description: z.string(),
  category: Category,
  sellerId: BidderId,
  sellerName: z.string(),
  status: ListingStatus,
  imageUrl: z.string().nullable(),
  startingPrice: MinorUnits,
  /** The top bid, or the starting price before the first bid. */
  currentPrice: MinorUnits,
  bidCount: z.number().int().min(0),
  startsAt: z.iso.datetime({ offset: true }),
  /** The real end: anti-sniping extensions included. */
  endsAt: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
  winnerId: z.string().nullable(),
  finalPrice: MinorUnits.nullable(),
  /** bidding's newest event counted here: live card updates after it add to these figures. */
  sequence: z.number().int().min(0),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchEngineName = z.enum(["meilisearch", "postgres"]);
export type SearchEngineName = z.infer<typeof SearchEngineName>;

export const SearchResult = z.object({
  items: z.array(SearchHit),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  perPage: z.number().int().min(1),
  /** Counts per value among all matches (every page). */
  facets: z.object({
    category: z.partialRecord(Category, z.number().int().min(0)),
    status: z.partialRecord(SearchableStatus, z.number().int().min(0)),
  }),
  /** Which engine answered: PostgreSQL when Meilisearch is not configured or not answering. */
  engine: SearchEngineName,
});
export type SearchResult = z.infer<typeof SearchResult>;

/** The catalogue's listings for a rebuild of search, in id order (search's reindex only). */
export const ListingExportQuery = z.object({ after: AuctionId.optional(), limit: z.number().int().min(1).max(500) }).strict();
export type ListingExportQuery = z.infer<typeof ListingExportQuery>;

export const ListingExportPage = z.object({ items: z.array(Lot), nextAfter: AuctionId.nullable() });
export type ListingExportPage = z.infer<typeof ListingExportPage>;

export const ReindexStatus = z.object({
  state: z.enum(["idle", "running", "done", "failed"]),
  indexed: z.number().int().min(0),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  error: z.string().nullable(),
});
export type ReindexStatus = z.infer<typeof ReindexStatus>;
