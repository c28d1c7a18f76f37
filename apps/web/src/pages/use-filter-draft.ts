import { useEffect, useState } from "react";
import { draftOf, type FilterDraft, type ListingFilters, syncDraft, withDraft } from "../domain/listing-filters";

const TYPING_PAUSE_MS = 300;

/**
 * The list's text boxes (search words, min and max price): applied once typing pauses or on
 * submit, and only when the prices are amounts; otherwise each box shows what is wrong.
 */
export function useFilterDraft(filters: ListingFilters, apply: (next: ListingFilters) => void) {
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(filters));
  const [typing, setTyping] = useState(false);
  const [errors, setErrors] = useState<{ min?: string; max?: string }>({});

  // A box's filter changed from outside (a link, back/forward): show the URL's value.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL's words change.
  useEffect(() => setDraft((d) => syncDraft(d, filters, "q")), [filters.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL's min price changes.
  useEffect(() => setDraft((d) => syncDraft(d, filters, "min")), [filters.minPrice]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL's max price changes.
  useEffect(() => setDraft((d) => syncDraft(d, filters, "max")), [filters.maxPrice]);

  /** The filters with the boxes applied, or undefined (with the messages shown) when a price is wrong. */
  const settle = (): ListingFilters | undefined => {
    setTyping(false);
    const result = withDraft(filters, draft);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.filters : undefined;
  };

  const commit = () => {
    const next = settle();
    if (next && next !== filters) apply(next);
  };

  // Search as you type, once typing pauses (re-armed on every render, so it sees the latest filters).
  useEffect(() => {
    if (!typing) return;
    const timer = window.setTimeout(commit, TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  });

  return {
    draft,
    errors,
    edit: (change: Partial<FilterDraft>) => {
      setDraft((d) => ({ ...d, ...change }));
      setTyping(true);
    },
    commit,
    /** A select's change, applied at once (with the boxes too when they hold valid prices). */
    applyNow: (change: Partial<ListingFilters>) => apply({ ...(settle() ?? filters), ...change, page: 1 }),
  };
}
