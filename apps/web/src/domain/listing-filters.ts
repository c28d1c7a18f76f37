import { type Category, Category as CategorySchema, type ListingStatus, ListingStatus as StatusSchema } from "@auction-mesh/contracts";

/** The auction list's filters, kept in the URL so a reload or a shared link shows the same list. */
export interface ListingFilters {
  q: string;
  category: Category | "";
  status: ListingStatus | "";
}

export function filtersFromSearch(search: string): ListingFilters {
  const params = new URLSearchParams(search);
  const category = CategorySchema.safeParse(params.get("category"));
  const status = StatusSchema.safeParse(params.get("status"));
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    category: category.success ? category.data : "",
    status: status.success ? status.data : "",
  };
}

export function filtersToSearch(filters: ListingFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.category) params.set("category", filters.category);
  if (filters.status) params.set("status", filters.status);
  const s = params.toString();
  return s ? `?${s}` : "";
}
