import type { ListingExportPage, ReindexStatus } from "@auction-mesh/contracts";
import type { Logger } from "@auction-mesh/service-kit";
import type { DocumentStore } from "./document-store.js";
import { documentFromLot, mergeFromCatalogue } from "./domain/documents.js";
import type { SearchIndex } from "./engines/engine.js";

const PAGE = 500;

/** A page of the catalogue's listings after `after` (id order). */
export type ListingExport = (after: string | undefined, limit: number) => Promise<ListingExportPage>;

/**
 * Rebuilds the projection from the catalogue (every listing anyone may see, page by page) and
 * Meilisearch from the projection: `npm run mesh -- reindex`. Runs in the background; its
 * status says how far it got. Live facts search knew that the catalogue has not recorded yet
 * (a later price, an extended end) are kept (mergeFromCatalogue).
 */
export class Reindexer {
  private current: ReindexStatus = { state: "idle", indexed: 0, startedAt: null, finishedAt: null, error: null };

  constructor(
    private readonly store: DocumentStore,
    private readonly exportPage: ListingExport,
    private readonly index: SearchIndex | undefined,
    private readonly onChange: () => void,
    private readonly logger: Logger,
  ) {}

  status(): ReindexStatus {
    return this.current;
  }

  /** Starts a rebuild unless one runs; answers the status either way. */
  start(): ReindexStatus {
    if (this.current.state === "running") return this.current;
    this.current = { state: "running", indexed: 0, startedAt: new Date().toISOString(), finishedAt: null, error: null };
    void this.run().then(
      () => this.finish("done", null),
      (err: unknown) => {
        this.logger.error({ err }, "reindex failed");
        this.finish("failed", err instanceof Error ? err.message : String(err));
      },
    );
    return this.current;
  }

  private async run(): Promise<void> {
    if (this.index) {
      await this.index.configure();
      await this.index.clear();
      await this.store.markAllUnindexed();
    }
    let after: string | undefined;
    do {
      const page = await this.exportPage(after, PAGE);
      const known = await this.store.getMany(page.items.map((lot) => lot.listing.id));
      const docs = page.items.map((lot) => mergeFromCatalogue(known.get(lot.listing.id), documentFromLot(lot)));
      await this.store.replaceMany(docs);
      this.current = { ...this.current, indexed: this.current.indexed + docs.length };
      this.onChange();
      this.logger.info({ indexed: this.current.indexed }, "reindex: listings read from the catalogue");
      after = page.nextAfter ?? undefined;
    } while (after);
  }

  private finish(state: "done" | "failed", error: string | null): void {
    this.current = { ...this.current, state, finishedAt: new Date().toISOString(), error };
  }
}
