import { WATCHLIST_LIMIT, type WatchState } from "@auction-mesh/contracts";
import { HttpError, type Logger } from "@auction-mesh/service-kit";
import type { EndingReminders } from "./ending-reminders.js";
import type { LotFinder } from "./notifier.js";
import type { WatchStore } from "./watch-store.js";

/**
 * The watchlist's use case: a person watches an auction to hear when it ends soon, bid or not.
 * Watching plans the auction's "ending soon" job (it may have no bidders yet to plan it).
 */
export class Watchlist {
  constructor(
    private readonly store: WatchStore,
    private readonly lots: LotFinder,
    private readonly endings: EndingReminders,
    private readonly logger: Logger,
  ) {}

  async change(userId: string, auctionId: string, watching: boolean): Promise<WatchState> {
    if (!watching) {
      await this.store.unwatch(userId, auctionId);
      return { auctionId, watching };
    }
    // The catalogue shows only what anyone may see: a draft or an unknown id is a 404 here too.
    const lot = await this.lots(auctionId);
    if (!lot) throw new HttpError(404, "AUCTION_NOT_FOUND", `no auction ${auctionId}`);
    await this.planEndingSoon(auctionId, lot.endsAt);
    if (!(await this.store.watch(userId, auctionId))) {
      throw new HttpError(409, "WATCHLIST_FULL", `a watchlist holds at most ${WATCHLIST_LIMIT} auctions; stop watching one first`);
    }
    return { auctionId, watching };
  }

  /** Before the watch is kept: a watch whose reminder could not be planned would promise what may never come. */
  private async planEndingSoon(auctionId: string, endsAt: string): Promise<void> {
    try {
      await this.endings.plan(auctionId, endsAt);
    } catch (err) {
      this.logger.warn({ err, auctionId }, "could not plan the 'ending soon' notice for a new watcher");
      throw new HttpError(503, "SCHEDULER_UNAVAILABLE", "the watch could not be set up now; try again");
    }
  }

  async state(userId: string, auctionId: string): Promise<WatchState> {
    return { auctionId, watching: await this.store.isWatching(userId, auctionId) };
  }
}
