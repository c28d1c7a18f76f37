import { z } from "zod";
import { AuctionId, AuctionSnapshot } from "./auction.js";
import { BidFields, maxCoversAmount, PlaceBidResult } from "./bids.js";
import { AuctionEvent } from "./events.js";
import { MinorUnits } from "./money.js";

/** Socket.IO event names between the gateway and browsers. */
export const LiveMessages = {
  /** client -> gateway, with ack: join an auction's room (optionally resuming). */
  join: "auction:join",
  /** client -> gateway, with ack: place a bid. */
  bid: "auction:bid",
  /**
   * gateway -> room: an array of one auction's events, consecutive and in sequence order (one
   * frame per message from bidding, encoded once for the whole room).
   */
  events: "auction:events",
  /** gateway -> one bidder: you were outbid. */
  outbid: "bidder:outbid",
  /** gateway -> one signed-in person: a new (or updated) notification and their unread count. */
  notification: "person:notification",
  /** client -> gateway: the auction cards this page shows (replaces the previous set). */
  watchCards: "cards:watch",
  /** gateway -> the sockets showing a card: what changed on it, at most once a second. */
  cards: "cards:update",
} as const;

/**
 * Sent in the Socket.IO handshake (`auth`). Watching needs no token; bidding needs a token
 * (from sign-up or login) with the bidder role.
 */
export const LiveHandshake = z.object({ token: z.string().min(1).max(4096).optional() }).strict();

/** The gateway's clock when it answered: clients count down against it, not their own. */
const ServerTime = z.iso.datetime({ offset: true });

export const JoinRequest = z
  .object({
    auctionId: AuctionId,
    /** The last sequence this client applied: the gateway answers with exactly what came after. */
    lastSequence: z.number().int().nonnegative().optional(),
  })
  .strict();
export type JoinRequest = z.infer<typeof JoinRequest>;

/**
 * How a client catches up: the events after its last sequence, or, when the gateway cannot
 * prove it has all of them, a fresh snapshot plus any events already newer than it.
 */
export const JoinAnswer = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("events"), events: z.array(AuctionEvent), serverTime: ServerTime }),
  z.object({ kind: z.literal("snapshot"), snapshot: AuctionSnapshot, events: z.array(AuctionEvent), serverTime: ServerTime }),
  z.object({ kind: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type JoinAnswer = z.infer<typeof JoinAnswer>;

/** A W3C `traceparent` (https://www.w3.org/TR/trace-context/): a bid sent with one joins the sender's trace. */
export const Traceparent = z
  .string()
  .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, "a W3C traceparent: 00-<32 hex>-<16 hex>-<2 hex>");

export const LiveBidRequest = BidFields.extend({ auctionId: AuctionId, traceparent: Traceparent.optional() })
  .strict()
  .refine(...maxCoversAmount);
export type LiveBidRequest = z.infer<typeof LiveBidRequest>;

export const LiveBidAnswer = z.union([PlaceBidResult, z.object({ accepted: z.literal(false), code: z.string(), message: z.string() })]);
export type LiveBidAnswer = z.infer<typeof LiveBidAnswer>;

/** An `auction:events` frame: one auction's events, in sequence order. */
export const LiveEventFrame = z.array(AuctionEvent).min(1);
export type LiveEventFrame = z.infer<typeof LiveEventFrame>;

/** How many cards one socket may follow (a page shows a few dozen). */
export const MAX_WATCHED_CARDS = 200;

export const WatchCardsRequest = z.object({ auctionIds: z.array(AuctionId).max(MAX_WATCHED_CARDS) }).strict();
export type WatchCardsRequest = z.infer<typeof WatchCardsRequest>;

/**
 * What happened to one auction since the last update (one per auction per second, however
 * many bids): a list card applies what is newer than the sequence it shows.
 */
export const CardUpdate = z.object({
  auctionId: AuctionId,
  /** The newest event folded in. */
  sequence: z.number().int().positive(),
  /** The highest bid among them, if any. */
  topBid: MinorUnits.nullable(),
  /** The sequences of the bids among them (a card counts those newer than its own). */
  bidSequences: z.array(z.number().int().positive()),
  /** The end, moved by an anti-sniping extension. */
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  /** Set once the auction closed. */
  closed: z.object({ winnerId: z.string().nullable(), finalPrice: MinorUnits.nullable() }).nullable(),
});
export type CardUpdate = z.infer<typeof CardUpdate>;
