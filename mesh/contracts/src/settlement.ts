import { z } from "zod";
import { AuctionId } from "./auction.js";
import { MinorUnits } from "./money.js";

/** Where an auction's settlement stands (payments' saga, one per auction with a winner). */
export const SettlementStatus = z.enum(["holding", "awaiting-payment", "second-chance-offered", "confirming-sale", "completed", "failed"]);
export type SettlementStatus = z.infer<typeof SettlementStatus>;

/** What the buyer pays and the seller gets, all in minor units. */
export const SettlementAmounts = z.object({
  hammerPrice: MinorUnits,
  /** The buyer's premium on top of the hammer price (the platform's). */
  buyersPremium: MinorUnits,
  /** Hammer price plus premium: what is held on the buyer's wallet and captured. */
  total: MinorUnits,
  /** Taken from the hammer price (the platform's). */
  platformFee: MinorUnits,
  /** Hammer price minus the platform fee: what the seller is owed. */
  sellerProceeds: MinorUnits,
});
export type SettlementAmounts = z.infer<typeof SettlementAmounts>;

export const Settlement = SettlementAmounts.extend({
  auctionId: AuctionId,
  /** Who buys: the winner, or the runner-up once a second-chance offer is made to them. */
  buyerId: z.string().min(1),
  /** Who won at the close. */
  winnerId: z.string().min(1),
  sellerId: z.string().min(1),
  status: SettlementStatus,
  /** Set while the buyer's wallet lacks the total (pay before this), or while an offer is open (accept before this). */
  paymentDueBy: z.iso.datetime({ offset: true }).nullable(),
  /** Why a failed settlement failed. */
  failure: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Settlement = z.infer<typeof Settlement>;

/** What payments asks the catalogue to record once the saga knows: sold (paid) or unsold. */
export const SaleOutcome = z.discriminatedUnion("outcome", [
  z.object({ auctionId: AuctionId, outcome: z.literal("sold"), buyerId: z.string().min(1), price: MinorUnits }).strict(),
  z.object({ auctionId: AuctionId, outcome: z.literal("unsold"), reason: z.string().min(1).max(200) }).strict(),
]);
export type SaleOutcome = z.infer<typeof SaleOutcome>;
