import { z } from "zod";
import { AntiSniping, AuctionId, BidderId, BidRecord, IncrementRule } from "./auction.js";
import { Amount, MinorUnits } from "./money.js";
import { storableText } from "./text.js";

/**
 * An auction as the catalogue (the auctions service) keeps it: what is sold, by whom, when,
 * and under which rules. Bidding runs it live between startsAt and endsAt.
 */
export const Categories = [
  "art",
  "books",
  "collectibles",
  "electronics",
  "fashion",
  "home",
  "jewelry",
  "sports",
  "vehicles",
  "other",
] as const;
export const Category = z.enum(Categories);
export type Category = z.infer<typeof Category>;

/** draft (seller edits) -> scheduled (published, waits for startsAt) -> live -> closed; or cancelled. */
/**
 * A listing's life: draft → scheduled → live → closed (bidding's result) → sold (payments
 * settled it) or unsold (no winner who paid). `status=closed` in a list query matches every
 * ended listing: closed, sold and unsold.
 */
export const ListingStatus = z.enum(["draft", "scheduled", "live", "closed", "sold", "unsold", "cancelled"]);
export type ListingStatus = z.infer<typeof ListingStatus>;

const Instant = z.iso.datetime({ offset: true });

const ListingFieldShape = {
  title: storableText().trim().min(3).max(140),
  description: storableText({ multiline: true }).trim().max(5000).default(""),
  category: Category,
  /** References to images (URLs or site paths); the catalogue does not store image bytes. */
  imageUrls: z
    .array(
      storableText()
        .trim()
        .min(1)
        .max(2048)
        .regex(/^(https?:\/\/|\/)/, "must be an http(s) URL or a path starting with /"),
    )
    .max(10)
    .default([]),
  startingPrice: Amount,
  reservePrice: Amount.nullable().default(null),
  incrementRule: IncrementRule,
  startsAt: Instant,
  endsAt: Instant,
  antiSniping: AntiSniping.default({ windowSeconds: 0, extensionSeconds: 0 }),
};

type Check<T> = [(value: T) => boolean, { message: string; path: PropertyKey[] }];

const endsAfterStart: Check<{ startsAt?: string | undefined; endsAt?: string | undefined }> = [
  (l) => l.startsAt === undefined || l.endsAt === undefined || Date.parse(l.endsAt) > Date.parse(l.startsAt),
  { message: "endsAt must be after startsAt", path: ["endsAt"] },
];

const reserveAtLeastStart: Check<{ startingPrice?: number | undefined; reservePrice?: number | null | undefined }> = [
  (l) => l.reservePrice === undefined || l.reservePrice === null || l.startingPrice === undefined || l.reservePrice >= l.startingPrice,
  { message: "reservePrice must be at least startingPrice", path: ["reservePrice"] },
];

export const CreateListingRequest = z
  .object(ListingFieldShape)
  .strict()
  .refine(...endsAfterStart)
  .refine(...reserveAtLeastStart);
export type CreateListingRequest = z.infer<typeof CreateListingRequest>;
export type CreateListingInput = z.input<typeof CreateListingRequest>;

/** Edits: any subset of the fields, allowed while the listing is a draft or not yet started. */
export const UpdateListingRequest = z
  .object({
    title: ListingFieldShape.title.optional(),
    description: storableText({ multiline: true }).trim().max(5000).optional(),
    category: Category.optional(),
    imageUrls: ListingFieldShape.imageUrls.unwrap().optional(),
    startingPrice: Amount.optional(),
    reservePrice: Amount.nullable().optional(),
    incrementRule: IncrementRule.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    antiSniping: AntiSniping.optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: "nothing to change", path: [] });
export type UpdateListingRequest = z.infer<typeof UpdateListingRequest>;

export const Listing = z.object({
  id: AuctionId,
  sellerId: BidderId,
  sellerName: z.string(),
  title: z.string(),
  description: z.string(),
  category: Category,
  imageUrls: z.array(z.string()),
  startingPrice: MinorUnits,
  /** Only the seller and admins see the reserve; others see whether there is one. */
  reservePrice: MinorUnits.nullable(),
  hasReserve: z.boolean(),
  incrementRule: IncrementRule,
  startsAt: Instant,
  endsAt: Instant,
  antiSniping: AntiSniping,
  status: ListingStatus,
  /** Set when the auction closed: null winner means no sale. */
  winnerId: BidderId.nullable(),
  finalPrice: MinorUnits.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Listing = z.infer<typeof Listing>;

/** Filters and paging for the auction list. `cursor` is opaque: pass back `nextCursor`. */
export const ListListingsQuery = z
  .object({
    q: storableText().trim().max(200).optional(),
    category: Category.optional(),
    status: ListingStatus.optional(),
    sellerId: storableText().min(1).max(128).optional(),
    cursor: storableText().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListListingsQuery = z.infer<typeof ListListingsQuery>;
export type ListListingsInput = z.input<typeof ListListingsQuery>;

export const ListingPage = z.object({ items: z.array(Listing), nextCursor: z.string().nullable() });
export type ListingPage = z.infer<typeof ListingPage>;

/** Bid history, newest first; pass `nextBefore` back as `before` for the next page. */
export const BidHistoryQuery = z
  .object({
    /** A bid sequence: the read model stores it as a 32-bit integer. */
    before: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type BidHistoryQuery = z.infer<typeof BidHistoryQuery>;

export const BidHistoryPage = z.object({
  auctionId: AuctionId,
  bids: z.array(BidRecord),
  nextBefore: z.number().int().positive().nullable(),
});
export type BidHistoryPage = z.infer<typeof BidHistoryPage>;

/** Lifecycle events of the catalogue (topic catalogue.lifecycle). */
const LifecycleBase = { auctionId: AuctionId, at: Instant };
export const AuctionLifecycleEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auction-published"), ...LifecycleBase, startsAt: Instant, endsAt: Instant }),
  z.object({ type: z.literal("auction-started"), ...LifecycleBase, endsAt: Instant }),
  z.object({ type: z.literal("auction-cancelled"), ...LifecycleBase, reason: z.string() }),
  /** payments' saga recorded the sale: paid for (sold) or nobody paid (unsold). */
  z.object({
    type: z.literal("auction-settled"),
    ...LifecycleBase,
    outcome: z.enum(["sold", "unsold"]),
    buyerId: z.string().nullable(),
    finalPrice: MinorUnits.nullable(),
  }),
]);
export type AuctionLifecycleEvent = z.infer<typeof AuctionLifecycleEvent>;

/** One auction the person bid on, and where they stand (from the catalogue's bid history). */
export const MyBid = z.object({
  listing: Listing,
  myHighestBid: MinorUnits,
  /** The highest bid so far (the current price while live). */
  topBid: MinorUnits,
  /** leading / outbid while live; won / lost once closed (sold or not). */
  standing: z.enum(["leading", "outbid", "won", "lost"]),
});
export type MyBid = z.infer<typeof MyBid>;

export const MyBidsPage = z.object({ items: z.array(MyBid) });
export type MyBidsPage = z.infer<typeof MyBidsPage>;
