import type { Category, SearchableStatus, SearchResult, SearchSort } from "@auction-mesh/contracts";
import { categoryOptions } from "./categories";

/** The status filter's choices, in the order people look for them. */
export const statusOptions: { value: SearchableStatus; label: string }[] = [
  { value: "live", label: "Live" },
  { value: "scheduled", label: "Upcoming" },
  { value: "closed", label: "Ended" },
  { value: "sold", label: "Sold" },
  { value: "unsold", label: "Not sold" },
];

const SORTS: { value: SearchSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "ending-soonest", label: "Ending soonest" },
  { value: "newest", label: "Newly listed" },
  { value: "price-asc", label: "Lowest price" },
  { value: "price-desc", label: "Highest price" },
  { value: "most-bids", label: "Most bids" },
];

/** The sort choices: "Best match" only when there is text to match. */
export function sortOptions(hasText: boolean): { value: SearchSort; label: string }[] {
  return hasText ? SORTS : SORTS.filter((s) => s.value !== "relevance");
}

/** How many matches each category holds; a category the search did not count has none. */
export type CategoryCounts = Record<Category, number>;

export function categoryCounts(facets: SearchResult["facets"]["category"]): CategoryCounts {
  return Object.fromEntries(categoryOptions.map((c) => [c.value, facets[c.value] ?? 0])) as CategoryCounts;
}

/** The category choices, with their counts once known: "Art (3)". */
export function categoryChoices(counts: CategoryCounts | undefined): { value: Category; label: string }[] {
  return categoryOptions.map((c) => ({ value: c.value, label: counts ? `${c.label} (${counts[c.value]})` : c.label }));
}

/** "1 auction found", "42 auctions found". */
export function resultCountText(total: number): string {
  return `${total} auction${total === 1 ? "" : "s"} found`;
}

/** A further page added to those shown: an auction already shown (the order moved meanwhile) is not shown twice. */
export function appendHits<T extends { id: string }>(shown: readonly T[], more: readonly T[]): T[] {
  const ids = new Set(shown.map((h) => h.id));
  return [...shown, ...more.filter((h) => !ids.has(h.id))];
}
