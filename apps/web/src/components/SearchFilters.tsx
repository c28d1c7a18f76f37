import { effectiveSort, type ListingFilters } from "../domain/listing-filters";
import { type CategoryCounts, categoryChoices, sortOptions, statusOptions } from "../domain/search-options";
import { useFilterDraft } from "../pages/use-filter-draft";
import { Field } from "./Field";
import { SelectField } from "./SelectField";

interface SearchFiltersProps {
  filters: ListingFilters;
  /** Matches per category (shown next to each), once the first search answered. */
  counts: CategoryCounts | undefined;
  onApply: (next: ListingFilters) => void;
}

/** The list's search box, filters and sort: boxes apply as typing pauses, selects at once. */
export function SearchFilters({ filters, counts, onApply }: SearchFiltersProps) {
  const { draft, errors, edit, commit, applyNow } = useFilterDraft(filters, onApply);
  return (
    <search aria-label="Find auctions">
      <form
        className="filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          commit();
        }}
      >
        <div className="filters__query">
          <div className="field filters__search">
            <label htmlFor="search-q">Search</label>
            <input
              id="search-q"
              type="search"
              name="q"
              maxLength={200}
              value={draft.q}
              onChange={(e) => edit({ q: e.target.value })}
              placeholder="e.g. vintage camera"
            />
          </div>
          <button type="submit" className="button button--primary filters__submit">
            Search
          </button>
        </div>
        <SelectField
          id="search-category"
          label="Category"
          value={filters.category}
          anyLabel="All categories"
          options={categoryChoices(counts)}
          onChange={(category) => applyNow({ category })}
        />
        <SelectField
          id="search-status"
          label="Status"
          value={filters.status}
          anyLabel="Any status"
          options={statusOptions}
          onChange={(status) => applyNow({ status })}
        />
        <PriceBox label="Min price (USD)" value={draft.min} error={errors.min} onChange={(min) => edit({ min })} />
        <PriceBox label="Max price (USD)" value={draft.max} error={errors.max} onChange={(max) => edit({ max })} />
        <SelectField
          id="search-sort"
          label="Sort by"
          value={effectiveSort({ q: draft.q, sort: filters.sort })}
          options={sortOptions(draft.q.trim() !== "")}
          onChange={(sort) => applyNow({ sort })}
        />
      </form>
    </search>
  );
}

function PriceBox({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={label} error={error}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="Any"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
