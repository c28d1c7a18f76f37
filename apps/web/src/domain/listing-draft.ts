import { type Category, type CreateListingInput, CreateListingRequest } from "@auction-mesh/contracts";
import { parseMoney } from "./money";

/** The seller's form as typed: text everywhere, turned into a CreateListingRequest by `toCreateRequest`. */
export interface DraftForm {
  title: string;
  description: string;
  category: Category | "";
  /** One URL (or /path) per line. */
  imageUrls: string;
  startingPrice: string;
  reservePrice: string;
  increment: string;
  startMode: "on-publish" | "at";
  /** A datetime-local value ("2026-11-24T19:30"), in the seller's time zone. */
  startsAt: string;
  durationMinutes: string;
  antiSnipingWindowSeconds: string;
  antiSnipingExtensionSeconds: string;
}

export const emptyDraft: DraftForm = {
  title: "",
  description: "",
  category: "",
  imageUrls: "",
  startingPrice: "",
  reservePrice: "",
  increment: "1.00",
  startMode: "on-publish",
  startsAt: "",
  durationMinutes: "1440",
  antiSnipingWindowSeconds: "60",
  antiSnipingExtensionSeconds: "60",
};

/** Auctions that start "when published" get a start this far ahead; publishing moves it to then. */
export const START_LEAD_MS = 3000;

export type DraftResult = { ok: true; request: CreateListingInput } | { ok: false; errors: Partial<Record<keyof DraftForm, string>> };

/**
 * Checks the form and builds the request. Fields people type are checked here with messages
 * in their words; the contract's own rules (lengths, URL shapes, dates) run afterwards.
 */
export function toCreateRequest(form: DraftForm, serverNowMs: number): DraftResult {
  const errors: Partial<Record<keyof DraftForm, string>> = {};
  const startingPrice = parseMoney(form.startingPrice);
  if (startingPrice === undefined) errors.startingPrice = "Enter a starting price in dollars, like 20 or 19.99.";
  const reservePrice = form.reservePrice.trim() === "" ? null : parseMoney(form.reservePrice);
  if (reservePrice === undefined) errors.reservePrice = "Enter a reserve in dollars, or leave it empty for no reserve.";
  const increment = parseMoney(form.increment);
  if (increment === undefined || increment <= 0) errors.increment = "Enter the bid step in dollars, like 1 or 0.50.";
  if (!form.category) errors.category = "Choose a category.";
  const durationMinutes = Number(form.durationMinutes);
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) errors.durationMinutes = "Choose how long bidding lasts.";
  const windowSeconds = wholeSeconds(form.antiSnipingWindowSeconds);
  if (windowSeconds === undefined) errors.antiSnipingWindowSeconds = "Enter whole seconds between 0 and 3600.";
  const extensionSeconds = wholeSeconds(form.antiSnipingExtensionSeconds);
  if (extensionSeconds === undefined) errors.antiSnipingExtensionSeconds = "Enter whole seconds between 0 and 3600.";

  let startMs = serverNowMs + START_LEAD_MS;
  if (form.startMode === "at") {
    startMs = form.startsAt ? new Date(form.startsAt).getTime() : Number.NaN;
    if (Number.isNaN(startMs)) errors.startsAt = "Choose when bidding starts.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const request: CreateListingInput = {
    title: form.title.trim(),
    description: form.description.trim(),
    category: form.category as Category,
    imageUrls: form.imageUrls
      .split("\n")
      .map((u) => u.trim())
      .filter(Boolean),
    startingPrice: startingPrice as number,
    reservePrice: reservePrice as number | null,
    incrementRule: { kind: "fixed", amount: increment as number },
    startsAt: new Date(startMs).toISOString(),
    endsAt: new Date(startMs + durationMinutes * 60_000).toISOString(),
    antiSniping: { windowSeconds: windowSeconds as number, extensionSeconds: extensionSeconds as number },
  };
  const checked = CreateListingRequest.safeParse(request);
  if (checked.success) return { ok: true, request };
  for (const issue of checked.error.issues) {
    const field = fieldFor(String(issue.path[0] ?? ""));
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

function wholeSeconds(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n <= 3600 ? n : undefined;
}

/** Where the contract's (or the server's) complaint about a request field shows on the form. */
export function fieldFor(requestField: string): keyof DraftForm {
  switch (requestField) {
    case "incrementRule":
      return "increment";
    case "endsAt":
      return "durationMinutes";
    case "antiSniping":
      return "antiSnipingWindowSeconds";
    case "title":
    case "description":
    case "category":
    case "imageUrls":
    case "startingPrice":
    case "reservePrice":
    case "startsAt":
      return requestField;
    default:
      return "title";
  }
}

/**
 * A draft whose start has already passed (it was made to start "when published", or the
 * seller waited) is moved to start now, keeping its length, so publishing never shortens bidding.
 */
export function rescheduleIfStarted(
  listing: { startsAt: string; endsAt: string },
  serverNowMs: number,
): { startsAt: string; endsAt: string } | null {
  const start = Date.parse(listing.startsAt);
  if (start > serverNowMs + 1000) return null;
  const length = Date.parse(listing.endsAt) - start;
  const newStart = serverNowMs + START_LEAD_MS;
  return { startsAt: new Date(newStart).toISOString(), endsAt: new Date(newStart + length).toISOString() };
}
