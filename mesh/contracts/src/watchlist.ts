import { z } from "zod";
import { AuctionId } from "./auction.js";
import { Listing } from "./listings.js";
import { MinorUnits } from "./money.js";

/** How many auctions one person may watch at once. */
export const WATCHLIST_LIMIT = 200;

/** Watching an auction: the person hears when it ends soon, without having bid (notifications keeps it). */
export const WatchChange = z.object({ auctionId: AuctionId, watching: z.boolean() }).strict();
export type WatchChange = z.infer<typeof WatchChange>;

export const WatchQuery = z.object({ auctionId: AuctionId }).strict();
export type WatchQuery = z.infer<typeof WatchQuery>;

/** Whether the signed-in person watches the auction. */
export const WatchState = z.object({ auctionId: AuctionId, watching: z.boolean() });
export type WatchState = z.infer<typeof WatchState>;

/** The auctions a person watches, most recently watched first. */
export const Watches = z.object({
  items: z.array(z.object({ auctionId: AuctionId, since: z.iso.datetime({ offset: true }) })).max(WATCHLIST_LIMIT),
});
export type Watches = z.infer<typeof Watches>;

/** Listings asked for by id (the watchlist's), in the order asked; those the caller may not see are left out. */
export const LotsQuery = z.object({ auctionIds: z.array(AuctionId).max(WATCHLIST_LIMIT) }).strict();
export type LotsQuery = z.infer<typeof LotsQuery>;

/** A listing with its bidding so far (from the catalogue's bid history). */
export const Lot = z.object({
  listing: Listing,
  /** The highest bid so far (the current price while live); null before the first bid. */
  topBid: MinorUnits.nullable(),
  bidCount: z.number().int().min(0),
  /** The sequence of the newest bid counted (0 before the first): bidding's later events add to it. */
  lastBidSequence: z.number().int().min(0),
});
export type Lot = z.infer<typeof Lot>;

export const LotsPage = z.object({ items: z.array(Lot) });
export type LotsPage = z.infer<typeof LotsPage>;
