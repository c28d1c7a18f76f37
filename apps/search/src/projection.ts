import type { AuctionEventBatch, AuctionLifecycleEvent, Lot } from "@auction-mesh/contracts";
import type { DocumentStore } from "./document-store.js";
import {
  applyAuctionEvents,
  applyLifecycle,
  changed,
  documentFromLot,
  mergeFromCatalogue,
  type SearchDocument,
} from "./domain/documents.js";

/** The catalogue's listing with its bidding so far; undefined when it does not list the auction. */
export type LotReader = (auctionId: string) => Promise<Lot | undefined>;

/**
 * The projection (CQRS read model): the catalogue's lifecycle and bidding's live events kept
 * in search's database; each change wakes the index sync. A listing first heard of through a
 * bid (its lifecycle message still on its way) is read from the catalogue.
 */
export class Projection {
  constructor(
    private readonly store: DocumentStore,
    private readonly lots: LotReader,
    private readonly onChange: () => void,
  ) {}

  async onLifecycle(event: AuctionLifecycleEvent): Promise<void> {
    if (event.type === "auction-published" || event.type === "auction-started") {
      const lot = await this.lots(event.auctionId);
      if (!lot) return;
      const incoming = documentFromLot(lot);
      return this.change(event.auctionId, (known) => applyLifecycle(mergeFromCatalogue(known, incoming), event));
    }
    await this.change(event.auctionId, (known) => (known ? applyLifecycle(known, event) : undefined));
  }

  async onAuctionEvents({ auctionId, events }: AuctionEventBatch): Promise<void> {
    let fresh: SearchDocument | undefined;
    if (!(await this.store.get(auctionId))) {
      const lot = await this.lots(auctionId);
      if (!lot) return; // opened directly in bidding: nothing to find
      fresh = documentFromLot(lot);
    }
    await this.change(auctionId, (known) => {
      const base = known ?? fresh;
      return base ? applyAuctionEvents(base, events) : undefined;
    });
  }

  private async change(auctionId: string, next: (known: SearchDocument | undefined) => SearchDocument | undefined): Promise<void> {
    const saved = await this.store.update(auctionId, (known) => {
      const doc = next(known);
      return doc && (!known || changed(known, doc)) ? doc : undefined;
    });
    if (saved) this.onChange();
  }
}
