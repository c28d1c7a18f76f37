import { z } from "zod";
import { AuctionId, BidderId } from "./auction.js";
import { AuctionLifecycleEvent } from "./listings.js";
import { MinorUnits } from "./money.js";
import { Topics } from "./names.js";
import { NotificationPush } from "./notifications.js";
import { SettlementEvent } from "./settlement-events.js";

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
  /**
   * Whether the price now meets the reserve (true when there is none), so a room shows
   * "Reserve met" the moment it happens. bidding always sets it; events it published before
   * it did (still in a broker's stream) have none.
   */
  reserveMet: z.boolean().optional(),
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
  /**
   * With a winner: the highest bid of someone else, if it meets the reserve (among the last
   * bids the actor keeps). payments offers them the lot (a second chance) when the winner does
   * not pay. Absent in closes published before bidding set it.
   */
  runnerUp: z.object({ bidderId: BidderId, amount: MinorUnits }).nullable().optional(),
});
export type AuctionClosedEvent = z.infer<typeof AuctionClosedEvent>;

export const AuctionEvent = z.discriminatedUnion("type", [BidPlacedEvent, OutbidEvent, AuctionExtendedEvent, AuctionClosedEvent]);
export type AuctionEvent = z.infer<typeof AuctionEvent>;

/** At most this many events travel in one message (a turn of 1,000 bids with auto-bids makes more: it is split). */
export const MAX_EVENTS_PER_MESSAGE = 500;

/**
 * What goes on the `auction.events` topic: the events of one auction, consecutive and in
 * sequence order, usually all of one actor turn. One message per turn instead of one per event:
 * a turn of 64 bids made ~130 messages, each delivered over HTTP to every subscriber.
 */
export const AuctionEventBatch = z
  .object({
    auctionId: AuctionId,
    events: z.array(AuctionEvent).min(1).max(MAX_EVENTS_PER_MESSAGE),
  })
  .refine((b) => b.events.every((e) => e.auctionId === b.auctionId), {
    message: "every event must be of the batch's auction",
    path: ["events"],
  })
  .refine((b) => b.events.every((e, i) => i === 0 || e.sequence === (b.events[i - 1] as AuctionEvent).sequence + 1), {
    message: "events must be consecutive, in sequence order",
    path: ["events"],
  });
export type AuctionEventBatch = z.infer<typeof AuctionEventBatch>;

/** Topic -> payload schema: the typed publish/subscribe helpers are keyed by this map. */
export const TopicSchemas = {
  [Topics.auctionEvents]: AuctionEventBatch,
  [Topics.auctionLifecycle]: AuctionLifecycleEvent,
  [Topics.auctionResults]: AuctionClosedEvent,
  [Topics.settlementEvents]: SettlementEvent,
  [Topics.notificationPushes]: NotificationPush,
} as const;
export type TopicSchemas = typeof TopicSchemas;
export type TopicPayload<T extends keyof TopicSchemas> = z.infer<TopicSchemas[T]>;
