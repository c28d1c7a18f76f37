import { z } from "zod";
import { AuctionId, BidderId } from "./auction.js";
import { MinorUnits } from "./money.js";

export const IdempotencyKey = z.string().min(8).max(128);

/** A bid as a client sends it to the gateway (the bidder comes from the caller's identity). */
export const PlaceBidBody = z
  .object({
    amount: MinorUnits,
    idempotencyKey: IdempotencyKey,
  })
  .strict();
export type PlaceBidBody = z.infer<typeof PlaceBidBody>;

/** A bid as the gateway hands it to bidding. */
export const PlaceBidCommand = z
  .object({
    auctionId: AuctionId,
    bidderId: BidderId,
    amount: MinorUnits,
    idempotencyKey: IdempotencyKey,
  })
  .strict();
export type PlaceBidCommand = z.infer<typeof PlaceBidCommand>;

/** Machine-readable reasons a bid is refused; clients switch on these. */
export const BidRejectionCode = z.enum(["AUCTION_NOT_FOUND", "AUCTION_CLOSED", "BID_TOO_LOW", "SELLER_CANNOT_BID", "ALREADY_LEADING"]);
export type BidRejectionCode = z.infer<typeof BidRejectionCode>;

export const PlaceBidResult = z.discriminatedUnion("accepted", [
  z.object({
    accepted: z.literal(true),
    auctionId: AuctionId,
    sequence: z.number().int().positive(),
    amount: MinorUnits,
    minimumNextBid: MinorUnits,
  }),
  z.object({
    accepted: z.literal(false),
    auctionId: AuctionId,
    code: BidRejectionCode,
    message: z.string(),
    minimumNextBid: MinorUnits.optional(),
  }),
]);
export type PlaceBidResult = z.infer<typeof PlaceBidResult>;
