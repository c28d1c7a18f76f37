import type { AuctionEventBatch, SettlementEvent } from "@auction-mesh/contracts";
import { auctionNotices, type Lot, type Notice, settlementNotices } from "./domain/notices.js";
import type { NotificationStore, Recorded } from "./notification-store.js";

/** Finds the lot an auction sells (undefined: an auction opened without a listing). */
export type LotFinder = (auctionId: string) => Promise<Lot | undefined>;

/**
 * The use case: turn what happened into notifications for the people it concerns. Adapters
 * (subscriptions) hand it events; the store records each notice once with its mail and push.
 */
export class Notifier {
  constructor(
    private readonly store: NotificationStore,
    private readonly lots: LotFinder,
    private readonly onRecorded: (recorded: Recorded) => void,
  ) {}

  async onAuctionEvents({ auctionId, events }: AuctionEventBatch): Promise<void> {
    const bidders = new Set(events.flatMap((e) => (e.type === "bid-placed" ? [e.bidderId] : [])));
    await this.store.addBidders([...bidders].map((bidderId) => ({ auctionId, bidderId })));
    const telling = events.filter((e) => e.type === "outbid" || e.type === "auction-closed");
    if (telling.length === 0) return;
    const lot = await this.lots(auctionId);
    const notices: Notice[] = [];
    for (const event of telling) {
      const everyone = event.type === "auction-closed" ? await this.store.biddersOf(auctionId) : [];
      notices.push(...auctionNotices(event, lot, everyone));
    }
    this.onRecorded(await this.store.record(notices));
  }

  async onSettlementEvent(event: SettlementEvent): Promise<void> {
    this.onRecorded(await this.store.record(settlementNotices(event, await this.lots(event.auctionId))));
  }
}
