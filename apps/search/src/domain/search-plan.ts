import { ListingStatus, SEARCHABLE_STATUSES, type SearchQuery, type SearchSort } from "@auction-mesh/contracts";

/**
 * Whether the text holds a word (a letter or digit). Engines index words; a text of only
 * symbols (`%`, `_`, `--`) is matched character by character instead, never as "everything".
 */
export const hasWords = (q: string): boolean => /[\p{L}\p{N}]/u.test(q);

/** The sort asked for, or the default: relevance with text, ending soonest without. */
export function sortOf(query: SearchQuery): Exclude<SearchSort, "relevance"> | "relevance" {
  if (query.sort) return query.sort === "relevance" && !query.q ? "ending-soonest" : query.sort;
  return query.q ? "relevance" : "ending-soonest";
}

/** The statuses a search may answer: the one asked for, or every searchable one. */
export const statusesOf = (query: SearchQuery): readonly string[] => (query.status ? [query.status] : SEARCHABLE_STATUSES);

/** The statuses search never shows (drafts, cancelled ones): the rest of the contract's statuses. */
export const UNSEARCHABLE_STATUSES: readonly string[] = ListingStatus.options.filter(
  (status) => !(SEARCHABLE_STATUSES as readonly string[]).includes(status),
);

/** Whether a listing is over for "ending soonest" (upcoming and live ones come first). */
export const isOver = (status: string): boolean => status !== "scheduled" && status !== "live";
