import { type Category, type CreateListingInput, CreateListingRequest, type IncrementRule } from "@auction-mesh/contracts";
import { firstTier, type IncrementForm, parseIncrementRule, type TierField } from "./increment-rule";
import { fieldForPath } from "./listing-form-errors";
import { isUploading, MAX_PHOTOS, type PhotoSlot, photoUrls } from "./listing-photos";
import { parseDatetimeLocal, toIsoWithOffset } from "./local-time";
import { parseAmount } from "./money-entry";

/** How long bidding may last when the seller picks a length rather than an end time. */
export const DURATIONS = [
  { minutes: 1, label: "1 minute" },
  { minutes: 5, label: "5 minutes" },
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "1 day" },
  { minutes: 4320, label: "3 days" },
  { minutes: 10080, label: "7 days" },
] as const;

/** The seller's form as typed: text everywhere, turned into a CreateListingRequest by `toCreateRequest`. */
export interface DraftForm extends IncrementForm {
  title: string;
  description: string;
  category: Category | "";
  /** The photos, in order: uploaded ones (display paths), outside URLs a listing had, uploads under way. */
  photos: PhotoSlot[];
  startingPrice: string;
  reservePrice: string;
  startMode: "on-publish" | "at";
  /** A datetime-local value ("2026-11-24T19:30"), in the seller's time zone. */
  startsAt: string;
  endMode: "after" | "at";
  durationMinutes: string;
  /** A datetime-local value, in the seller's time zone. */
  endsAt: string;
  antiSnipingWindowSeconds: string;
  antiSnipingExtensionSeconds: string;
}

/** Every place on the form a message can show: a field, a choice group, or one box of a step row. */
export type FieldKey = Exclude<keyof DraftForm, "tiers"> | TierField;
export type FormErrors = Partial<Record<FieldKey, string>>;

export const emptyDraft: DraftForm = {
  title: "",
  description: "",
  category: "",
  photos: [],
  startingPrice: "",
  reservePrice: "",
  incrementMode: "fixed",
  increment: "1.00",
  tiers: [firstTier()],
  startMode: "on-publish",
  startsAt: "",
  endMode: "after",
  durationMinutes: "1440",
  endsAt: "",
  antiSnipingWindowSeconds: "60",
  antiSnipingExtensionSeconds: "60",
};

/** Auctions that start "when published" get a start this far ahead; publishing moves it to then. */
export const START_LEAD_MS = 3000;

export type DraftResult = { ok: true; request: CreateListingInput } | { ok: false; errors: FormErrors };

/**
 * Checks every field of the form and builds the request. Each field people type is checked
 * here with a message in their words, all at once (not stopping at the first); the contract's
 * own rules then run over the fields that passed, so nothing it would refuse gets through.
 *
 * `onPublishStartMs`: where a "when I publish it" start goes. A new draft starts just after
 * now; an edited one keeps the start it has, so an edit that leaves the schedule alone does
 * not send one (publishing moves it anyway).
 */
export function toCreateRequest(form: DraftForm, serverNowMs: number, onPublishStartMs = serverNowMs + START_LEAD_MS): DraftResult {
  const errors: FormErrors = {};

  const title = form.title.trim();
  if (title === "") errors.title = "Enter a title.";
  else if (title.length < 3) errors.title = "Enter a title of at least 3 characters.";
  else if (title.length > 140) errors.title = "Keep the title to 140 characters.";
  if (form.description.trim().length > 5000) errors.description = "Keep the description to 5,000 characters.";
  if (!form.category) errors.category = "Choose a category.";
  const imageUrls = photoUrls(form.photos);
  if (isUploading(form.photos)) errors.photos = "Wait until every photo has uploaded, or remove the ones still uploading.";
  else if (imageUrls.length > MAX_PHOTOS) errors.photos = `Keep at most ${MAX_PHOTOS} photos: remove ${imageUrls.length - MAX_PHOTOS}.`;

  const starting = parseAmount(form.startingPrice, "Enter a starting price in dollars, like 20 or 19.99.");
  if ("error" in starting) errors.startingPrice = starting.error;
  const reserve = form.reservePrice.trim() === "" ? null : parseAmount(form.reservePrice, "Enter a reserve in dollars, or leave it empty.");
  if (reserve && "error" in reserve) errors.reservePrice = reserve.error;
  else if (reserve && "cents" in starting && reserve.cents < starting.cents)
    errors.reservePrice = "The reserve must be at least the starting price.";

  const increment = parseIncrementRule(form);
  Object.assign(errors, increment.errors);

  const { startMs, endMs } = schedule(form, serverNowMs, onPublishStartMs, errors);

  const windowSeconds = wholeSeconds(form.antiSnipingWindowSeconds);
  if (windowSeconds === undefined) errors.antiSnipingWindowSeconds = "Enter whole seconds from 0 to 3600.";
  const extensionSeconds = wholeSeconds(form.antiSnipingExtensionSeconds);
  if (extensionSeconds === undefined) errors.antiSnipingExtensionSeconds = "Enter whole seconds from 0 to 3600.";

  // Fields already found wrong stand in with harmless values, so the contract's complaints are about the rest.
  const request: CreateListingInput = {
    title,
    description: form.description.trim(),
    category: (form.category || "other") as Category,
    imageUrls,
    startingPrice: "cents" in starting ? starting.cents : 0,
    reservePrice: reserve && "cents" in reserve ? reserve.cents : null,
    incrementRule: increment.rule ?? ({ kind: "fixed", amount: 100 } satisfies IncrementRule),
    startsAt: toIsoWithOffset(startMs),
    endsAt: toIsoWithOffset(endMs),
    antiSniping: { windowSeconds: windowSeconds ?? 0, extensionSeconds: extensionSeconds ?? 0 },
  };
  const checked = CreateListingRequest.safeParse(request);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = fieldForPath(issue.path.map(String), form) ?? "title";
      errors[field] ??= issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, request };
}

/**
 * When bidding starts and ends. A set start must lie ahead; a set end after the start (and
 * ahead). A start "when I publish it" is `onPublishStartMs`, which publishing moves to then.
 */
function schedule(form: DraftForm, nowMs: number, onPublishStartMs: number, errors: FormErrors): { startMs: number; endMs: number } {
  let startMs = onPublishStartMs;
  let startKnown = true;
  if (form.startMode === "at") {
    const at = parseDatetimeLocal(form.startsAt);
    startKnown = false;
    if (form.startsAt.trim() === "") errors.startsAt = "Choose the date and time bidding starts.";
    else if (at === undefined) errors.startsAt = "Enter a date and time, like 2026-11-24 19:30.";
    else if (at <= nowMs) errors.startsAt = "Choose a start time in the future.";
    else {
      startMs = at;
      startKnown = true;
    }
  }
  if (form.endMode === "after") {
    const minutes = Number(form.durationMinutes);
    if (!Number.isInteger(minutes) || minutes <= 0) {
      errors.durationMinutes = "Choose how long bidding lasts.";
      return { startMs, endMs: startMs + 3_600_000 };
    }
    return { startMs, endMs: startMs + minutes * 60_000 };
  }
  const end = parseDatetimeLocal(form.endsAt);
  if (form.endsAt.trim() === "") errors.endsAt = "Choose the date and time bidding ends.";
  else if (end === undefined) errors.endsAt = "Enter a date and time, like 2026-11-24 21:30.";
  else if (end <= nowMs) errors.endsAt = "Choose an end time in the future.";
  else if (startKnown && end <= startMs) errors.endsAt = "Choose an end time after the start.";
  else return { startMs, endMs: end };
  return { startMs, endMs: startMs + 3_600_000 };
}

function wholeSeconds(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n <= 3600 ? n : undefined;
}
