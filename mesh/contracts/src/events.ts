import { z } from "zod";
import { AuctionId, BidderId } from "./auction.js";
import { MinorUnits } from "./money.js";
import { Topics } from "./names.js";

/** Published by bidding for every accepted bid, in sequence order per auction. */
export const BidPlacedEvent = z.object({
  type: z.literal("bid-placed"),
  auctionId: AuctionId,
  sequence: z.number().int().positive(),
  bidderId: BidderId,
  amount: MinorUnits,
  previousLeaderId: BidderId.nullable(),
  minimumNextBid: MinorUnits,
  placedAt: z.iso.datetime({ offset: true }),
});
export type BidPlacedEvent = z.infer<typeof BidPlacedEvent>;

/** Published once when an auction's end time passes. */
export const AuctionClosedEvent = z.object({
  type: z.literal("auction-closed"),
  auctionId: AuctionId,
  sequence: z.number().int().positive(),
  winnerId: BidderId.nullable(),
  finalPrice: MinorUnits.nullable(),
  closedAt: z.iso.datetime({ offset: true }),
});
export type AuctionClosedEvent = z.infer<typeof AuctionClosedEvent>;

/** Topic -> payload schema: the typed publish/subscribe helpers are keyed by this map. */
export const TopicSchemas = {
  [Topics.bidPlaced]: BidPlacedEvent,
  [Topics.auctionClosed]: AuctionClosedEvent,
} as const;
export type TopicSchemas = typeof TopicSchemas;
export type TopicPayload<T extends keyof TopicSchemas> = z.infer<TopicSchemas[T]>;
