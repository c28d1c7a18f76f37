/**
 * The catalogue's rules: who may change a listing, when, and what publishing means. Plain
 * functions over plain data, so every rule is unit-tested without a database or a mesh.
 */
import type { CreateListingRequest, Listing, ListingStatus, TokenClaims, UpdateListingRequest } from "@auction-mesh/contracts";

export class RuleViolation extends Error {
  constructor(
    readonly status: 403 | 409 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RuleViolation";
  }
}

/** A published auction must run at least this long from the moment it is published. */
export const MIN_LIVE_SECONDS = 5;

export const isAdmin = (user: TokenClaims) => user.roles.includes("admin");

/** The statuses of a published listing. */
const PUBLISHED: readonly ListingStatus[] = ["scheduled", "live", "closed", "sold", "unsold"];

/** Who may see a listing: published ones are public; drafts and cancelled ones belong to their seller (and admins). */
export function canSee(listing: Pick<Listing, "status" | "sellerId">, user: TokenClaims | undefined): boolean {
  if (PUBLISHED.includes(listing.status)) return true;
  return user !== undefined && (isAdmin(user) || user.sub === listing.sellerId);
}

/** The reserve is the seller's secret: others learn only whether there is one. */
export function showsReserve(listing: Pick<Listing, "sellerId">, user: TokenClaims | undefined): boolean {
  return user !== undefined && (isAdmin(user) || user.sub === listing.sellerId);
}

const ENDED: readonly ListingStatus[] = ["closed", "sold", "unsold"];

/** Where a bidder stands in an auction: by the top bid while it runs, by its winner once it ended. */
export function standing(
  listing: Pick<Listing, "status" | "winnerId">,
  topBidderId: string,
  bidderId: string,
): "leading" | "outbid" | "won" | "lost" {
  if (ENDED.includes(listing.status)) return listing.winnerId === bidderId ? "won" : "lost";
  return topBidderId === bidderId ? "leading" : "outbid";
}

export function assertMayCreate(user: TokenClaims): void {
  if (!user.roles.includes("seller") && !isAdmin(user))
    throw new RuleViolation(403, "FORBIDDEN", "only sellers and admins create auctions");
}

function assertOwnerOrAdmin(listing: Pick<Listing, "sellerId">, user: TokenClaims): void {
  if (user.sub !== listing.sellerId && !isAdmin(user))
    throw new RuleViolation(403, "FORBIDDEN", "only the auction's seller or an admin may change it");
}

const EDITABLE: readonly ListingStatus[] = ["draft", "scheduled"];

/** Edits are allowed before the auction goes live; the merged result must still be valid. */
export function applyUpdate(listing: Listing, update: UpdateListingRequest, user: TokenClaims, now: Date): Listing {
  assertOwnerOrAdmin(listing, user);
  if (!EDITABLE.includes(listing.status)) {
    throw new RuleViolation(409, "AUCTION_NOT_EDITABLE", `a ${listing.status} auction can no longer be edited`);
  }
  const next = { ...listing, ...update };
  if (Date.parse(next.endsAt) <= Date.parse(next.startsAt))
    throw new RuleViolation(422, "INVALID_SCHEDULE", "endsAt must be after startsAt");
  if (next.reservePrice !== null && next.reservePrice < next.startingPrice) {
    throw new RuleViolation(422, "INVALID_RESERVE", "reservePrice must be at least startingPrice");
  }
  if (listing.status === "scheduled") assertSchedulable(next, now);
  return next;
}

function assertSchedulable(listing: Pick<Listing, "endsAt">, now: Date): void {
  if (Date.parse(listing.endsAt) < now.getTime() + MIN_LIVE_SECONDS * 1000) {
    throw new RuleViolation(422, "ENDS_TOO_SOON", `endsAt must be at least ${MIN_LIVE_SECONDS}s in the future to publish`);
  }
}

/**
 * Publishing a draft schedules it; bidding opens it at startsAt (at once if that has passed).
 * A listing published already answers "published-already": daprd resends a publish whose
 * answer was late, and the first attempt may have done it all; the resend must not turn the
 * seller's success into a refusal.
 */
export function publishDecision(listing: Listing, user: TokenClaims, now: Date): "publish" | "published-already" {
  assertOwnerOrAdmin(listing, user);
  if (PUBLISHED.includes(listing.status)) return "published-already";
  if (listing.status !== "draft")
    throw new RuleViolation(409, "AUCTION_NOT_DRAFT", `only a draft can be published; this one is ${listing.status}`);
  assertSchedulable(listing, now);
  return "publish";
}

/**
 * A live auction has bids and cannot be cancelled; before that, the seller or an admin may.
 * A cancelled one answers "cancelled-already" (a resent cancel, as for publishing).
 */
export function cancelDecision(listing: Listing, user: TokenClaims): "cancel" | "cancelled-already" {
  assertOwnerOrAdmin(listing, user);
  if (listing.status === "cancelled") return "cancelled-already";
  if (!EDITABLE.includes(listing.status))
    throw new RuleViolation(409, "AUCTION_NOT_CANCELLABLE", `a ${listing.status} auction cannot be cancelled`);
  return "cancel";
}

/** When the start job should fire: at startsAt, or now ("0s") if that has passed. */
export function startDueTime(startsAt: string, now: Date): string {
  return Date.parse(startsAt) <= now.getTime() ? "0s" : new Date(startsAt).toISOString();
}

/** A start job that fires for a listing decides whether it still applies. */
export function startDecision(listing: Pick<Listing, "status" | "startsAt">, now: Date): "start" | "ignore" {
  // Rescheduled later: the new job will fire. Cancelled or started already: nothing to do.
  if (listing.status !== "scheduled") return "ignore";
  return Date.parse(listing.startsAt) - now.getTime() > 1000 ? "ignore" : "start";
}

export function newListing(id: string, request: CreateListingRequest, user: TokenClaims, now: Date): Listing {
  assertMayCreate(user);
  const at = now.toISOString();
  return {
    id,
    sellerId: user.sub,
    sellerName: user.name,
    ...request,
    hasReserve: request.reservePrice !== null,
    status: "draft",
    winnerId: null,
    finalPrice: null,
    createdAt: at,
    updatedAt: at,
  };
}
