import { z } from "zod";
import { MinorUnits } from "./money.js";

export const AuctionId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "auction ids use letters, digits, '-' and '_'");

export const BidderId = z.string().min(1).max(128);

/** What bidding needs to run a live auction. Sent by auctions (or an admin) to open it. */
export const OpenAuctionRequest = z
  .object({
    auctionId: AuctionId,
    sellerId: BidderId,
    startingPrice: MinorUnits,
    increment: MinorUnits.refine((v) => v > 0, "increment must be positive"),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type OpenAuctionRequest = z.infer<typeof OpenAuctionRequest>;

export const AuctionStatus = z.enum(["open", "closed"]);

export const BidRecord = z.object({
  sequence: z.number().int().positive(),
  bidderId: BidderId,
  amount: MinorUnits,
  placedAt: z.iso.datetime({ offset: true }),
});
export type BidRecord = z.infer<typeof BidRecord>;

/** The live view of an auction that watchers receive first, before deltas. */
export const AuctionSnapshot = z.object({
  auctionId: AuctionId,
  status: AuctionStatus,
  sellerId: BidderId,
  startingPrice: MinorUnits,
  increment: MinorUnits,
  currentPrice: MinorUnits.nullable(),
  leaderId: BidderId.nullable(),
  minimumNextBid: MinorUnits,
  sequence: z.number().int().nonnegative(),
  endsAt: z.iso.datetime({ offset: true }),
  lastBids: z.array(BidRecord),
});
export type AuctionSnapshot = z.infer<typeof AuctionSnapshot>;
