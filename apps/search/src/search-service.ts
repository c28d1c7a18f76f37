import type { SearchQuery, SearchResult } from "@auction-mesh/contracts";
import type { Logger } from "@auction-mesh/service-kit";
import { hasWords } from "./domain/search-plan.js";
import type { SearchEngine } from "./engines/engine.js";

/**
 * The search use case: Meilisearch when it is configured and answering, PostgreSQL otherwise,
 * with the same result shape (`engine` says which answered). Text without words goes to
 * PostgreSQL, which matches it character by character (Meilisearch ignores symbols, so `%`
 * would match everything). How long a call to Meilisearch may take is the client's timeout.
 */
export class SearchService {
  constructor(
    private readonly fallback: SearchEngine,
    private readonly preferred: SearchEngine | undefined,
    private readonly logger: Logger,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    const literal = query.q !== undefined && query.q !== "" && !hasWords(query.q);
    if (this.preferred && !literal) {
      try {
        return { ...(await this.preferred.search(query)), engine: this.preferred.name };
      } catch (err) {
        this.logger.warn({ err }, "Meilisearch did not answer; searching PostgreSQL instead");
      }
    }
    return { ...(await this.fallback.search(query)), engine: this.fallback.name };
  }
}
