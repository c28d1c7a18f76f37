import { z } from "zod";
import { AuctionId, type BidderId } from "./auction.js";
import { Amount, MinorUnits } from "./money.js";

/** A client's name for one attempt (a bid, a create), reused on every retry of it. */
export const IdempotencyKey = z.string().min(8).max(128);
/** The same, as an HTTP header value: visible ASCII only. */
export const IdempotencyKeyHeader = IdempotencyKey.regex(/^[\x21-\x7e]+$/, "visible ASCII characters only");

/** The fields of a bid; `maxAmount` turns on auto-bidding up to that amount. */
export const BidFields = z.object({
  amount: Amount,
  /** Auto-bid: the auction bids for you, one increment at a time, up to this. */
  maxAmount: Amount.optional(),
  idempotencyKey: IdempotencyKey,
});

/** The REST bid body (POST /api/auctions/{auctionId}/bids): the bidder is the signed-in user, never named in the body. */
export const RestBidBody = BidFields.strict();

/** Refinement shared by every bid shape: the maximum cannot be below the bid itself. */
export const maxCoversAmount: [
  (b: { amount: number; maxAmount?: number | undefined }) => boolean,
  { message: string; path: PropertyKey[] },
] = [(b) => b.maxAmount === undefined || b.maxAmount >= b.amount, { message: "maxAmount must be at least amount", path: ["maxAmount"] }];

/**
 * A bid as the gateway hands it to the AuctionActor. It names no bidder: it carries the
 * bidder's own signed token, and the actor takes the bidder from the token after checking its
 * signature. Actor calls are outside Dapr's access control (any sidecar's API token reaches any
 * actor), so the actor trusts no caller's word for who bids.
 */
export const PlaceBidCommand = BidFields.extend({ auctionId: AuctionId, bidderToken: z.string().min(1).max(4096) })
  .strict()
  .refine(...maxCoversAmount);
export type PlaceBidCommand = z.infer<typeof PlaceBidCommand>;

/** A bid whose bidder the actor has verified: what the bid rules work on. */
export type VerifiedBid = Omit<PlaceBidCommand, "bidderToken"> & { bidderId: z.infer<typeof BidderId> };

/** One actor turn's bids (group commit); at most this many per call. */
export const MAX_BIDS_PER_TURN = 1000;

/** Machine-readable reasons a bid is refused; clients switch on these. */
export const BidRejectionCode = z.enum([
  "AUCTION_NOT_FOUND",
  "AUCTION_CLOSED",
  "BID_TOO_LOW",
  "SELLER_CANNOT_BID",
  "ALREADY_LEADING",
  /** The command broke its contract (the actor checks each bid of a batch on its own). */
  "INVALID_BID",
  /** The bidder's token is missing, forged, expired, or not a bidder's. */
  "BIDDER_NOT_VERIFIED",
  /** Accepting it would produce a state or event the auction's own contracts reject. */
  "BID_UNPROCESSABLE",
]);
export type BidRejectionCode = z.infer<typeof BidRejectionCode>;

export const PlaceBidResult = z.discriminatedUnion("accepted", [
  z.object({
    accepted: z.literal(true),
    auctionId: AuctionId,
    /** False when another bidder's higher auto-bid outbid this bid at once. */
    leading: z.boolean(),
    /** Sequence of the last change this bid caused. */
    sequence: z.number().int().positive(),
    currentPrice: MinorUnits,
    minimumNextBid: MinorUnits,
    endsAt: z.iso.datetime({ offset: true }),
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
