import {
  type Category,
  Category as CategorySchema,
  MAX_AMOUNT,
  SEARCH_PAGE_MAX,
  SEARCH_QUERY_MAX,
  type SearchableStatus,
  type SearchSort,
  SearchSort as SortSchema,
  SearchableStatus as StatusSchema,
} from "@auction-mesh/contracts";
import { parseMoney } from "./money";
import { checkPriceRange, dollarsText } from "./price-range";

/** The auction list's filters, kept in the URL so a reload, a shared link or Back shows the same list. */
export interface ListingFilters {
  q: string;
  category: Category | "";
  status: SearchableStatus | "";
  /** Cents; undefined is no bound (the URL holds dollars: `min=10.50`). */
  minPrice: number | undefined;
  maxPrice: number | undefined;
  /** "" is the default: best match with text, ending soonest without. */
  sort: SearchSort | "";
  /** How many pages of results are shown ("Show more" adds one). */
  page: number;
}

export const NO_FILTERS: ListingFilters = { q: "", category: "", status: "", minPrice: undefined, maxPrice: undefined, sort: "", page: 1 };

/** Results per page, and the most pages a reload or link brings back (each is one request). */
export const PAGE_SIZE = 20;
export const RESTORABLE_PAGES = 10;

const price = (text: string | null): number | undefined => {
  const cents = text === null ? undefined : parseMoney(text);
  return cents !== undefined && cents <= MAX_AMOUNT ? cents : undefined;
};

const page = (text: string | null): number => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, RESTORABLE_PAGES) : 1;
};

/** Filters from the URL's query; a value that is not one the search takes is left out. */
export function filtersFromSearch(search: string): ListingFilters {
  const params = new URLSearchParams(search);
  const category = CategorySchema.safeParse(params.get("category"));
  const status = StatusSchema.safeParse(params.get("status"));
  const sort = SortSchema.safeParse(params.get("sort"));
  let minPrice = price(params.get("min"));
  let maxPrice = price(params.get("max"));
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) [minPrice, maxPrice] = [undefined, undefined];
  return {
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_QUERY_MAX),
    category: category.success ? category.data : "",
    status: status.success ? status.data : "",
    minPrice,
    maxPrice,
    sort: sort.success ? sort.data : "",
    page: page(params.get("page")),
  };
}

/** The URL's query for these filters ("" when none); defaults are left out. */
export function filtersToSearch(filters: ListingFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.category) params.set("category", filters.category);
  if (filters.status) params.set("status", filters.status);
  if (filters.minPrice !== undefined) params.set("min", dollarsText(filters.minPrice));
  if (filters.maxPrice !== undefined) params.set("max", dollarsText(filters.maxPrice));
  if (filters.sort) params.set("sort", filters.sort);
  if (filters.page > 1) params.set("page", String(Math.min(filters.page, RESTORABLE_PAGES)));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The order the list is in: the one chosen, except that "Best match" needs text to match. */
export function effectiveSort(filters: Pick<ListingFilters, "q" | "sort">): SearchSort {
  const hasText = filters.q.trim() !== "";
  if (filters.sort === "" || (filters.sort === "relevance" && !hasText)) return hasText ? "relevance" : "ending-soonest";
  return filters.sort;
}

/** The search API's query for one page of these filters; empty filters are left out. */
export function searchQueryFor(filters: ListingFilters, page: number, perPage = PAGE_SIZE) {
  return {
    q: filters.q.trim() || undefined,
    category: filters.category || undefined,
    status: filters.status || undefined,
    minPrice: filters.minPrice,
    maxPrice: filters.maxPrice,
    sort: effectiveSort(filters),
    page: Math.min(Math.max(1, page), SEARCH_PAGE_MAX),
    perPage,
  };
}

/** What is typed in the list's boxes, before it is applied (search words, and prices in dollars). */
export interface FilterDraft {
  q: string;
  min: string;
  max: string;
}

export const draftOf = (filters: ListingFilters): FilterDraft => ({
  q: filters.q,
  min: dollarsText(filters.minPrice),
  max: dollarsText(filters.maxPrice),
});

/**
 * The filters with the boxes' contents applied, back on the first page when anything changed;
 * or, when a price is not one the search takes, the message to show next to its box.
 */
export function withDraft(
  filters: ListingFilters,
  draft: FilterDraft,
): { ok: true; filters: ListingFilters; changed: boolean } | { ok: false; errors: { min?: string; max?: string } } {
  const range = checkPriceRange(draft);
  if (!range.ok) return range;
  const next = { ...filters, q: draft.q.trim().slice(0, SEARCH_QUERY_MAX), minPrice: range.minPrice, maxPrice: range.maxPrice };
  const changed = next.q !== filters.q.trim() || next.minPrice !== filters.minPrice || next.maxPrice !== filters.maxPrice;
  return { ok: true, filters: changed ? { ...next, page: 1 } : filters, changed };
}

/**
 * One box after its filter changed in the URL (a link, Back): it keeps its text when that means
 * the same ("10.5" for 1050, "camera " for "camera"), else shows the URL's value.
 */
export function syncDraft(draft: FilterDraft, filters: ListingFilters, box: keyof FilterDraft): FilterDraft {
  const fromUrl = draftOf(filters)[box];
  if (box === "q") return draft.q.trim() === filters.q.trim() ? draft : { ...draft, q: fromUrl };
  // An empty box is no bound; text that is not an amount never matches (the URL's value wins).
  const typed = draft[box].trim() === "" ? undefined : (parseMoney(draft[box]) ?? Number.NaN);
  const same = typed === (box === "min" ? filters.minPrice : filters.maxPrice);
  return same ? draft : { ...draft, [box]: fromUrl };
}
