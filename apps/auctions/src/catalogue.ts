import { randomUUID } from "node:crypto";
import {
  AppIds,
  AuctionSnapshot,
  BiddingRoutes,
  type CreateListingRequest,
  Jobs as JobNames,
  type Listing,
  type LotsPage,
  type MyBidsPage,
  type OpenAuctionRequest,
  type SaleOutcome,
  type TokenClaims,
  Topics,
  type UpdateListingRequest,
} from "@auction-mesh/contracts";
import { HttpError, type Jobs, type Logger, type Sidecar } from "@auction-mesh/service-kit";
import {
  applyUpdate,
  cancelDecision,
  canSee,
  newListing,
  publishDecision,
  RuleViolation,
  showsReserve,
  standing,
  startDecision,
  startDueTime,
} from "./domain/listing-rules.js";
import type { ListingStore } from "./listing-store.js";

export const startJobName = (auctionId: string) => `${JobNames.startAuctionPrefix}${auctionId}`;

/** A failing bidding call at start time is retried by the scheduler (the job's failure policy). */
const START_RETRY = { interval: "2s", maxRetries: 30 };
/** An edit judged again after the status moved under it: at most this many reads. */
const EDIT_ATTEMPTS = 3;
/** "My bids" shows the latest-ending this many. */
const MY_BIDS_SHOWN = 100;

function rule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RuleViolation) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}

/**
 * The catalogue's use cases: create, edit, publish, cancel, and start at the scheduled time
 * (a Dapr job that hands the auction to bidding). Rules live in domain/listing-rules.
 */
export class Catalogue {
  constructor(
    private readonly store: ListingStore,
    private readonly jobs: Jobs,
    private readonly sidecar: Sidecar,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** What `user` may see of a listing: 404 for what they may not see at all. */
  view(listing: Listing, user: TokenClaims | undefined): Listing {
    if (!canSee(listing, user)) throw new HttpError(404, "AUCTION_NOT_FOUND", `no auction ${listing.id}`);
    return showsReserve(listing, user) ? listing : { ...listing, reservePrice: null };
  }

  /** The auctions the signed-in person bid on, newest ending first, with where they stand. */
  async myBids(user: TokenClaims): Promise<MyBidsPage> {
    const items = await this.store.bidsOf(user.sub, MY_BIDS_SHOWN);
    return {
      items: items.map(({ listing, myHighestBid, topBid, topBidderId }) => ({
        listing: this.view(listing, user),
        myHighestBid,
        topBid,
        standing: standing(listing, topBidderId, user.sub),
      })),
    };
  }

  /** Listings by id for `user` (the watchlist): those they may not see are left out, not refused. */
  async lots(ids: readonly string[], user: TokenClaims): Promise<LotsPage> {
    const lots = await this.store.lots([...new Set(ids)]);
    return {
      items: lots.filter((lot) => canSee(lot.listing, user)).map((lot) => ({ ...lot, listing: this.view(lot.listing, user) })),
    };
  }

  /**
   * payments' saga records the sale, then search hears it (auction-settled). A failed publish
   * fails the call, and the saga's retry records nothing twice (settle is idempotent) and
   * publishes again.
   */
  async settle(outcome: SaleOutcome): Promise<Listing> {
    const listing = await this.store.settle(outcome);
    await this.sidecar.publish(Topics.auctionLifecycle, {
      type: "auction-settled",
      auctionId: listing.id,
      at: this.clock().toISOString(),
      outcome: outcome.outcome,
      buyerId: outcome.outcome === "sold" ? outcome.buyerId : null,
      finalPrice: outcome.outcome === "sold" ? outcome.price : null,
    });
    return listing;
  }

  async find(id: string, user?: TokenClaims): Promise<Listing> {
    const listing = await this.store.get(id);
    if (!listing) throw new HttpError(404, "AUCTION_NOT_FOUND", `no auction ${id}`);
    return user === undefined ? listing : this.view(listing, user);
  }

  /**
   * Creates a draft. `createKey` (the request's Idempotency-Key) makes a resend of the same
   * create (daprd retries a late answer; clients resend after a network error) answer with the
   * listing the first attempt made, instead of making a second one.
   */
  async create(request: CreateListingRequest, user: TokenClaims, createKey?: string): Promise<Listing> {
    const listing = rule(() => newListing(randomUUID(), request, user, this.clock()));
    return this.store.insert(listing, createKey);
  }

  /**
   * The rules judge the listing as it is when the write lands: a status that moved between the
   * read and the write (published meanwhile, or gone live under the start job's row lock) means
   * reading again and judging again, so an edit of what went live is refused as such.
   */
  async update(id: string, update: UpdateListingRequest, user: TokenClaims): Promise<Listing> {
    for (let attempt = 1; ; attempt++) {
      const current = this.view(await this.find(id), user);
      const next = rule(() => applyUpdate(current, update, user, this.clock()));
      const saved = await this.store.update(next, current.status);
      if (saved) {
        if (saved.status === "scheduled" && saved.startsAt !== current.startsAt) await this.scheduleStart(saved);
        return saved;
      }
      // Each move goes forward (draft, scheduled, live…), so this ends within a few moves.
      if (attempt === EDIT_ATTEMPTS) throw new HttpError(409, "AUCTION_CHANGED", `auction ${id} keeps changing; reload and retry`);
    }
  }

  async publish(id: string, user: TokenClaims): Promise<Listing> {
    const draft = this.view(await this.find(id), user);
    if (rule(() => publishDecision(draft, user, this.clock())) === "published-already") return draft;
    // Scheduled first, then the job: a job that fires at once must find the listing scheduled.
    const scheduled = await this.store.setStatus(id, "draft", "scheduled");
    if (!scheduled.moved) return scheduled.listing;
    try {
      await this.scheduleStart(scheduled.listing);
    } catch (err) {
      await this.store.setStatus(id, "scheduled", "draft");
      this.logger.error({ err, auctionId: id }, "could not schedule the start; publish undone");
      throw new HttpError(503, "SCHEDULER_UNAVAILABLE", "the auction could not be scheduled; try again");
    }
    await this.sidecar.publish(Topics.auctionLifecycle, {
      type: "auction-published",
      auctionId: id,
      at: this.clock().toISOString(),
      startsAt: scheduled.listing.startsAt,
      endsAt: scheduled.listing.endsAt,
    });
    return scheduled.listing;
  }

  async cancel(id: string, user: TokenClaims): Promise<Listing> {
    const listing = this.view(await this.find(id), user);
    if (rule(() => cancelDecision(listing, user)) === "cancelled-already") return listing;
    const cancelled = await this.store.setStatus(id, listing.status, "cancelled");
    if (!cancelled.moved) return cancelled.listing;
    if (listing.status === "scheduled") await this.jobs.delete(startJobName(id));
    await this.sidecar.publish(Topics.auctionLifecycle, {
      type: "auction-cancelled",
      auctionId: id,
      at: this.clock().toISOString(),
      reason: `cancelled by ${user.sub === listing.sellerId ? "the seller" : "an admin"}`,
    });
    return cancelled.listing;
  }

  private async scheduleStart(listing: Listing): Promise<void> {
    await this.jobs.schedule(startJobName(listing.id), {
      dueTime: startDueTime(listing.startsAt, this.clock()),
      data: { auctionId: listing.id },
      retry: START_RETRY,
    });
  }

  /**
   * The start job fired: hand the auction to bidding (opening is idempotent there) and mark it
   * live, holding the listing's row lock throughout, so a cancel either comes first (the job
   * then finds it cancelled) or waits and is refused (it is live). Throws (so the scheduler
   * retries, and the lock is released) when bidding cannot be reached.
   */
  async start(id: string): Promise<void> {
    let snapshot: AuctionSnapshot | undefined;
    await this.store.whileLocked(id, async (listing) => {
      if (!listing || startDecision(listing, this.clock()) === "ignore") {
        this.logger.info({ auctionId: id, status: listing?.status }, "start job fired for an auction that does not start now; ignored");
        return undefined;
      }
      const open: OpenAuctionRequest = {
        auctionId: listing.id,
        sellerId: listing.sellerId,
        startingPrice: listing.startingPrice,
        reservePrice: listing.reservePrice,
        incrementRule: listing.incrementRule,
        endsAt: listing.endsAt,
        antiSniping: listing.antiSniping,
      };
      snapshot = await this.sidecar.invoke(AppIds.bidding, BiddingRoutes.openAuction, open, AuctionSnapshot);
      return "live";
    });
    if (!snapshot) return;
    await this.sidecar.publish(Topics.auctionLifecycle, {
      type: "auction-started",
      auctionId: id,
      at: this.clock().toISOString(),
      endsAt: snapshot.endsAt,
    });
    this.logger.info({ auctionId: id, endsAt: snapshot.endsAt }, "auction handed to bidding");
  }
}
