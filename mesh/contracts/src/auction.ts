import { z } from "zod";
import { Amount, MinorUnits } from "./money.js";

export const AuctionId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "auction ids use letters, digits, '-' and '_'");

export const BidderId = z.string().min(1).max(128);

const PositiveAmount = Amount.refine((v) => v > 0, "must be positive");

/** How much a new bid must exceed the current price: a fixed step, or steps by price band. */
export const IncrementRule = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), amount: PositiveAmount }).strict(),
  z
    .object({
      kind: z.literal("tiered"),
      /** Bands by price: `amount` applies from price `from` up to the next band's `from`. */
      tiers: z
        .array(z.object({ from: Amount, amount: PositiveAmount }).strict())
        .min(1)
        .max(100),
    })
    .strict()
    .refine((r) => r.tiers[0]?.from === 0, { message: "the first tier must start at 0", path: ["tiers", 0, "from"] })
    .refine((r) => r.tiers.every((t, i) => i === 0 || t.from > (r.tiers[i - 1] as { from: number }).from), {
      message: "tiers must be in ascending order of 'from'",
      path: ["tiers"],
    }),
]);
export type IncrementRule = z.infer<typeof IncrementRule>;

/** A bid this close to the end pushes the end back, so nobody wins by sniping. */
export const AntiSniping = z
  .object({
    windowSeconds: z.number().int().min(0).max(3600),
    extensionSeconds: z.number().int().min(0).max(3600),
  })
  .strict();
export type AntiSniping = z.infer<typeof AntiSniping>;

/** What bidding needs to run a live auction. Sent by auctions (or an admin) to open it. */
export const OpenAuctionRequest = z
  .object({
    auctionId: AuctionId,
    sellerId: BidderId,
    startingPrice: Amount,
    /** Below this the item is not sold; hidden from bidders. */
    reservePrice: Amount.nullable().default(null),
    incrementRule: IncrementRule,
    endsAt: z.iso.datetime({ offset: true }),
    antiSniping: AntiSniping.default({ windowSeconds: 0, extensionSeconds: 0 }),
  })
  .strict();
export type OpenAuctionRequest = z.infer<typeof OpenAuctionRequest>;
export type OpenAuctionInput = z.input<typeof OpenAuctionRequest>;

export const AuctionStatus = z.enum(["open", "closed"]);

export const BidRecord = z.object({
  sequence: z.number().int().positive(),
  bidderId: BidderId,
  amount: MinorUnits,
  /** Placed by the bidder's auto-bid (proxy), not typed by them. */
  auto: z.boolean(),
  placedAt: z.iso.datetime({ offset: true }),
});
export type BidRecord = z.infer<typeof BidRecord>;

/** The live view of an auction that watchers receive first, before deltas. */
export const AuctionSnapshot = z.object({
  auctionId: AuctionId,
  status: AuctionStatus,
  sellerId: BidderId,
  startingPrice: MinorUnits,
  incrementRule: IncrementRule,
  hasReserve: z.boolean(),
  reserveMet: z.boolean(),
  currentPrice: MinorUnits.nullable(),
  leaderId: BidderId.nullable(),
  minimumNextBid: MinorUnits,
  sequence: z.number().int().nonnegative(),
  endsAt: z.iso.datetime({ offset: true }),
  lastBids: z.array(BidRecord),
});
export type AuctionSnapshot = z.infer<typeof AuctionSnapshot>;
