import { Category, SearchableStatus, type SearchQuery, type SearchResult } from "@auction-mesh/contracts";
import type { Meilisearch } from "meilisearch";
import type { SearchDocument } from "../domain/documents.js";
import { isOver, sortOf, statusesOf } from "../domain/search-plan.js";
import type { SearchIndex } from "./engine.js";

export const LISTINGS_INDEX = "listings";

/** What Meilisearch stores per listing: the hit, and numbers to filter and sort times by. */
type IndexedListing = SearchDocument & { endsAtMs: number; createdAtMs: number; over: 0 | 1 };

const toIndexed = (hit: SearchDocument): IndexedListing => ({
  ...hit,
  endsAtMs: Date.parse(hit.endsAt),
  createdAtMs: Date.parse(hit.createdAt),
  over: isOver(hit.status) ? 1 : 0,
});

/** A string inside a Meilisearch filter: quoted, with its quotes and backslashes escaped. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** The query's filters in Meilisearch's filter language (every value quoted or a number). */
export function meiliFilter(query: SearchQuery): string[] {
  const filters = [`status IN [${statusesOf(query).map(quoted).join(", ")}]`];
  if (query.category) filters.push(`category = ${quoted(query.category)}`);
  if (query.seller) filters.push(`sellerId = ${quoted(query.seller)}`);
  if (query.minPrice !== undefined) filters.push(`currentPrice >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) filters.push(`currentPrice <= ${query.maxPrice}`);
  return filters;
}

const SORTS: Record<Exclude<ReturnType<typeof sortOf>, "relevance">, string[]> = {
  "ending-soonest": ["over:asc", "endsAtMs:asc"],
  newest: ["createdAtMs:desc"],
  "price-asc": ["currentPrice:asc"],
  "price-desc": ["currentPrice:desc"],
  "most-bids": ["bidCount:desc"],
};

/** Search through the official client: typo tolerance, facets with counts, the settings below. */
export class MeilisearchEngine implements SearchIndex {
  readonly name = "meilisearch" as const;

  private configured = false;

  constructor(private readonly client: Meilisearch) {}

  private get index() {
    return this.client.index<IndexedListing>(LISTINGS_INDEX);
  }

  async configure(): Promise<void> {
    // An index made by the first documents would have no filterable or sortable attributes.
    await this.client.createIndex(LISTINGS_INDEX, { primaryKey: "id" }).waitTask();
    const task = await this.index
      .updateSettings({
        searchableAttributes: ["title", "description", "category", "sellerName"],
        filterableAttributes: ["category", "status", "currentPrice", "sellerId", "endsAtMs"],
        sortableAttributes: ["endsAtMs", "currentPrice", "bidCount", "createdAtMs", "over"],
        typoTolerance: { enabled: true },
        pagination: { maxTotalHits: 100_000 },
        faceting: { maxValuesPerFacet: 100 },
      })
      .waitTask();
    if (task.status !== "succeeded") throw new Error(`Meilisearch refused the index settings: ${task.error?.message ?? task.status}`);
    this.configured = true;
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    if (!this.configured) await this.configure();
    // Indexing a full batch on a busy machine can outlast the client's 5 s default wait.
    const task = await this.index.addDocuments(documents.map(toIndexed), { primaryKey: "id" }).waitTask({ timeout: 60_000 });
    if (task.status !== "succeeded") throw new Error(`Meilisearch refused documents: ${task.error?.message ?? task.status}`);
  }

  async clear(): Promise<void> {
    await this.index.deleteAllDocuments().waitTask();
  }

  async search(query: SearchQuery): Promise<Omit<SearchResult, "engine">> {
    const sort = sortOf(query);
    const response = await this.index.search(query.q ?? "", {
      filter: meiliFilter(query),
      ...(sort === "relevance" ? {} : { sort: SORTS[sort] }),
      page: query.page,
      hitsPerPage: query.perPage,
      facets: ["category", "status"],
    });
    return {
      // `sequence ?? 0`: documents indexed before hits carried it (a reindex refreshes them).
      items: response.hits.map(({ endsAtMs: _e, createdAtMs: _c, over: _o, ...hit }) => ({ ...hit, sequence: hit.sequence ?? 0 })),
      total: response.totalHits,
      page: query.page,
      perPage: query.perPage,
      facets: facetsOf(response.facetDistribution),
    };
  }
}

function facetsOf(distribution: Record<string, Record<string, number>> | undefined): SearchResult["facets"] {
  const facets: SearchResult["facets"] = { category: {}, status: {} };
  for (const [value, n] of Object.entries(distribution?.category ?? {})) {
    if (Category.safeParse(value).success) facets.category[value as Category] = n;
  }
  for (const [value, n] of Object.entries(distribution?.status ?? {})) {
    if (SearchableStatus.safeParse(value).success) facets.status[value as SearchableStatus] = n;
  }
  return facets;
}
