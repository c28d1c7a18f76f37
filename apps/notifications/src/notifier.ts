import type { AuctionEventBatch, SettlementEvent } from "@auction-mesh/contracts";
import type { Logger } from "@auction-mesh/service-kit";
import { auctionNotices, endingSoonNotices, type Lot, type Notice, settlementNotices } from "./domain/notices.js";
import type { EndingReminders } from "./ending-reminders.js";
import type { NotificationMetrics } from "./metrics.js";
import type { NotificationStore, Recorded } from "./notification-store.js";
import type { WatchStore } from "./watch-store.js";

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
    private readonly endings: EndingReminders,
    private readonly watches: WatchStore,
    private readonly onRecorded: (recorded: Recorded) => void,
    private readonly logger: Logger,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** Records notices once each; counts the notifications that are new and wakes the relays. */
  private async record(notices: readonly Notice[]): Promise<void> {
    const recorded = await this.store.record(notices);
    this.metrics.notificationsCreated(recorded.created);
    this.onRecorded(recorded);
  }

  async onAuctionEvents({ auctionId, events }: AuctionEventBatch): Promise<void> {
    const bidders = new Set(events.flatMap((e) => (e.type === "bid-placed" ? [e.bidderId] : [])));
    const joined = await this.store.unknownBidders(auctionId, [...bidders]);
    // A reminder is not worth a batch: when the catalogue or the scheduler cannot be reached,
    // the batch goes on (its outbid and close notices matter more) and the next new bidder or
    // extension plans again. The dead-letter test found a catalogue outage dead-lettering
    // notifications' copy of every bid batch through this.
    await this.planEndingSoon(auctionId, events, joined.length > 0).catch((err: unknown) =>
      this.logger.warn({ err, auctionId }, "could not plan the 'ending soon' notice; the next bid or extension tries again"),
    );
    await this.store.addBidders(joined.map((bidderId) => ({ auctionId, bidderId })));
    const telling = events.filter((e) => e.type === "outbid" || e.type === "auction-closed");
    if (telling.length === 0) return;
    const lot = await this.lots(auctionId);
    const notices: Notice[] = [];
    for (const event of telling) {
      const everyone = event.type === "auction-closed" ? await this.store.biddersOf(auctionId) : [];
      notices.push(...auctionNotices(event, lot, everyone));
    }
    await this.record(notices);
  }

  /** Someone new bid, or the end moved: the "ending soon" job goes where the end is now. */
  private async planEndingSoon(auctionId: string, events: AuctionEventBatch["events"], someoneNew: boolean): Promise<void> {
    if (events.some((e) => e.type === "auction-closed")) return;
    const extended = events.findLast((e) => e.type === "auction-extended");
    if (extended) return this.endings.plan(auctionId, extended.endsAt);
    if (!someoneNew) return;
    const lot = await this.lots(auctionId);
    if (lot) await this.endings.plan(auctionId, lot.endsAt);
  }

  /** The scheduler's job fired: every bidder and watcher of the auction hears it ends soon, once. */
  async onEndingSoon(auctionId: string): Promise<void> {
    const people = { bidders: await this.store.biddersOf(auctionId), watchers: await this.watches.watchersOf(auctionId) };
    const notices = endingSoonNotices(auctionId, await this.lots(auctionId), people, this.endings.leadMs);
    await this.record(notices);
  }

  async onSettlementEvent(event: SettlementEvent): Promise<void> {
    await this.record(settlementNotices(event, await this.lots(event.auctionId)));
  }
}
