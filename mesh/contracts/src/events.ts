import { z } from "zod";
import { AuctionId, BidderId } from "./auction.js";
import { AuctionLifecycleEvent } from "./listings.js";
import { MinorUnits } from "./money.js";
import { Topics } from "./names.js";

/**
 * Every change to a live auction is one event with the next per-auction sequence number, so
 * watchers can apply them in order and ask for exactly what they missed.
 */
const Sequenced = { auctionId: AuctionId, sequence: z.number().int().positive(), at: z.iso.datetime({ offset: true }) };

/** An accepted bid: typed by a bidder, or placed by their auto-bid. */
export const BidPlacedEvent = z.object({
  type: z.literal("bid-placed"),
  ...Sequenced,
  bidderId: BidderId,
  amount: MinorUnits,
  auto: z.boolean(),
  minimumNextBid: MinorUnits,
});
export type BidPlacedEvent = z.infer<typeof BidPlacedEvent>;

/** A bidder lost the lead: the gateway alerts them personally. */
export const OutbidEvent = z.object({
  type: z.literal("outbid"),
  ...Sequenced,
  bidderId: BidderId,
  currentPrice: MinorUnits,
});
export type OutbidEvent = z.infer<typeof OutbidEvent>;

/** A bid inside the anti-sniping window pushed the end back. */
export const AuctionExtendedEvent = z.object({
  type: z.literal("auction-extended"),
  ...Sequenced,
  endsAt: z.iso.datetime({ offset: true }),
});
export type AuctionExtendedEvent = z.infer<typeof AuctionExtendedEvent>;

/** Published once when an auction's end time passes. */
export const AuctionClosedEvent = z.object({
  type: z.literal("auction-closed"),
  ...Sequenced,
  /** Null when nobody bid or the reserve was not met. */
  winnerId: BidderId.nullable(),
  finalPrice: MinorUnits.nullable(),
  reserveMet: z.boolean(),
});
export type AuctionClosedEvent = z.infer<typeof AuctionClosedEvent>;

export const AuctionEvent = z.discriminatedUnion("type", [BidPlacedEvent, OutbidEvent, AuctionExtendedEvent, AuctionClosedEvent]);
export type AuctionEvent = z.infer<typeof AuctionEvent>;

/** Topic -> payload schema: the typed publish/subscribe helpers are keyed by this map. */
export const TopicSchemas = {
  [Topics.auctionEvents]: AuctionEvent,
  [Topics.auctionLifecycle]: AuctionLifecycleEvent,
} as const;
export type TopicSchemas = typeof TopicSchemas;
export type TopicPayload<T extends keyof TopicSchemas> = z.infer<TopicSchemas[T]>;
