import type { SearchEngineName, SearchQuery, SearchResult } from "@auction-mesh/contracts";
import type { SearchDocument } from "../domain/documents.js";

/** Something that answers searches (the same query, the same result shape, whichever engine). */
export interface SearchEngine {
  readonly name: SearchEngineName;
  search(query: SearchQuery): Promise<Omit<SearchResult, "engine">>;
}

/** An engine fed from the projection (Meilisearch): PostgreSQL's engine reads the projection itself. */
export interface SearchIndex extends SearchEngine {
  /** Index settings (searchable, filterable, sortable attributes); safe to repeat. */
  configure(): Promise<void>;
  /** Adds or replaces these documents. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Empties the index (a rebuild). */
  clear(): Promise<void>;
}
