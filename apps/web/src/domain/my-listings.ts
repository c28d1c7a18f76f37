import type { Listing } from "@auction-mesh/contracts";
import { describeIncrementRule } from "./increment-rule";
import { presetLength, startsOnPublish } from "./listing-edit";
import { formatMoney } from "./money";

/** How the seller's own lists describe a listing. */

/** "From $25.00 · Step $2.50". */
export function priceSummary(listing: Pick<Listing, "startingPrice" | "incrementRule">): string {
  return `From ${formatMoney(listing.startingPrice)} · ${describeIncrementRule(listing.incrementRule)}`;
}

/** The seller sees their reserve (the API shows it to them only); anyone else only whether there is one. */
export function reserveSummary(listing: Pick<Listing, "reservePrice" | "hasReserve">): string {
  if (listing.reservePrice !== null) return `Reserve: ${formatMoney(listing.reservePrice)} (only you see this)`;
  return listing.hasReserve ? "Has a reserve price" : "No reserve";
}

/** When bidding runs, as the seller's list shows it; `time` formats an instant (local time). */
export function scheduleSummary(
  listing: Pick<Listing, "status" | "startsAt" | "endsAt" | "updatedAt">,
  nowMs: number,
  time: (ms: number) => string,
): string {
  const start = Date.parse(listing.startsAt);
  const end = Date.parse(listing.endsAt);
  switch (listing.status) {
    case "draft": {
      if (!startsOnPublish(listing, nowMs)) return `Starts ${time(start)} · ends ${time(end)}`;
      const preset = presetLength(listing);
      return `Starts when you publish it · ${preset ? `lasts ${preset.label}` : `ends ${time(end)}`}`;
    }
    case "scheduled":
      return `Starts ${time(start)} · ends ${time(end)}`;
    case "live":
      return `Ends ${time(end)}`;
    case "cancelled":
      return "Cancelled";
    default:
      return `Ended ${time(end)}`;
  }
}
