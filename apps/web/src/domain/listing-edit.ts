import type { CreateListingInput, Listing, UpdateListingRequest } from "@auction-mesh/contracts";
import { incrementFormFrom, sameIncrementRule } from "./increment-rule";
import { type DraftForm, DURATIONS, START_LEAD_MS } from "./listing-draft";
import { photosFromUrls } from "./listing-photos";
import { toDatetimeLocal, toIsoWithOffset } from "./local-time";
import { centsToInput } from "./money";

type Schedule = Pick<Listing, "startsAt" | "endsAt">;

/**
 * Whether a draft starts "when published": its start is only a placeholder (set just after
 * the draft was saved), or has passed, so publishing will move it to then. A start the seller
 * set lies ahead (the form refuses one in the past).
 */
export function startsOnPublish(listing: Schedule & Pick<Listing, "updatedAt">, nowMs: number): boolean {
  const start = Date.parse(listing.startsAt);
  return start <= Math.max(nowMs, Date.parse(listing.updatedAt) + START_LEAD_MS + 2000);
}

/** The length's preset ("1 hour") when bidding lasts exactly one of them; otherwise the end was set as a time. */
export function presetLength(listing: Schedule): (typeof DURATIONS)[number] | undefined {
  const length = Date.parse(listing.endsAt) - Date.parse(listing.startsAt);
  return DURATIONS.find((d) => d.minutes * 60_000 === length);
}

/** The form filled with a draft's values, in the seller's local time (to the millisecond it has) and in dollars. */
export function draftFromListing(listing: Listing, nowMs: number): DraftForm {
  const onPublish = startsOnPublish(listing, nowMs);
  const preset = presetLength(listing);
  return {
    title: listing.title,
    description: listing.description,
    category: listing.category,
    photos: photosFromUrls(listing.imageUrls),
    startingPrice: centsToInput(listing.startingPrice),
    reservePrice: listing.reservePrice === null ? "" : centsToInput(listing.reservePrice),
    ...incrementFormFrom(listing.incrementRule),
    startMode: onPublish ? "on-publish" : "at",
    startsAt: onPublish ? "" : toDatetimeLocal(Date.parse(listing.startsAt), true),
    endMode: preset ? "after" : "at",
    durationMinutes: String(preset?.minutes ?? 1440),
    endsAt: preset ? "" : toDatetimeLocal(Date.parse(listing.endsAt), true),
    antiSnipingWindowSeconds: String(listing.antiSniping.windowSeconds),
    antiSnipingExtensionSeconds: String(listing.antiSniping.extensionSeconds),
  };
}

/** For `toCreateRequest` on an edit: a start "when published" stays where it is (publishing moves it). */
export function onPublishStartOf(listing: Listing, nowMs: number): number | undefined {
  return startsOnPublish(listing, nowMs) ? Date.parse(listing.startsAt) : undefined;
}

/** The PATCH for an edit: only the fields whose value changed (empty when none did). */
export function toUpdateRequest(listing: Listing, request: CreateListingInput): UpdateListingRequest {
  const update: UpdateListingRequest = {};
  if (request.title !== listing.title) update.title = request.title;
  if ((request.description ?? "") !== listing.description) update.description = request.description ?? "";
  if (request.category !== listing.category) update.category = request.category;
  const urls = request.imageUrls ?? [];
  if (urls.length !== listing.imageUrls.length || urls.some((u, i) => u !== listing.imageUrls[i])) update.imageUrls = urls;
  if (request.startingPrice !== listing.startingPrice) update.startingPrice = request.startingPrice;
  if ((request.reservePrice ?? null) !== listing.reservePrice) update.reservePrice = request.reservePrice ?? null;
  if (!sameIncrementRule(request.incrementRule, listing.incrementRule)) update.incrementRule = request.incrementRule;
  if (Date.parse(request.startsAt) !== Date.parse(listing.startsAt)) update.startsAt = request.startsAt;
  if (Date.parse(request.endsAt) !== Date.parse(listing.endsAt)) update.endsAt = request.endsAt;
  const anti = request.antiSniping ?? { windowSeconds: 0, extensionSeconds: 0 };
  if (anti.windowSeconds !== listing.antiSniping.windowSeconds || anti.extensionSeconds !== listing.antiSniping.extensionSeconds)
    update.antiSniping = anti;
  return update;
}

/** The catalogue publishes only what runs at least this long from then (MIN_LIVE_SECONDS). */
const MIN_LIVE_MS = 5000;

export type PublishPlan =
  | { kind: "as-is" }
  | { kind: "move"; update: Pick<UpdateListingRequest, "startsAt" | "endsAt"> }
  | { kind: "ended"; message: string };

/**
 * What publishing a draft takes. A start that is still ahead stays. One that has passed (it
 * was "when I publish it", or the seller waited) moves to now: a preset length ("1 hour") is
 * kept, so publishing never shortens bidding; an end the seller set as a time stays, unless it
 * has passed too.
 */
export function planPublish(listing: Schedule, serverNowMs: number): PublishPlan {
  const start = Date.parse(listing.startsAt);
  if (start > serverNowMs + 1000) return { kind: "as-is" };
  const newStart = serverNowMs + START_LEAD_MS;
  if (presetLength(listing)) {
    const length = Date.parse(listing.endsAt) - start;
    return { kind: "move", update: { startsAt: toIsoWithOffset(newStart), endsAt: toIsoWithOffset(newStart + length) } };
  }
  if (Date.parse(listing.endsAt) < newStart + MIN_LIVE_MS)
    return { kind: "ended", message: "Its end time has passed. Edit the draft to choose a new one, then publish." };
  return { kind: "move", update: { startsAt: toIsoWithOffset(newStart) } };
}
