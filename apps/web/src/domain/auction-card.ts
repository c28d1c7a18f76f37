import type { SearchHit } from "@auction-mesh/contracts";
import { formatMoney } from "./money";

/** What an auction's card in the list says, from what search knows about it. */
export interface CardView {
  /** "Current bid $35.00", "Starting at $10.00", "Sold for $40.00", "No sale"… */
  price: string;
  /** "3 bids", "1 bid", "No bids yet"; nothing before bidding opens. */
  bids: string | null;
  /** A countdown to show (to the real end, extensions included), or when it ended. */
  time: { kind: "countdown"; label: "Ends in" | "Starts in"; until: string } | { kind: "ended"; at: string } | null;
}

export function bidsText(count: number): string {
  if (count === 0) return "No bids yet";
  return `${count} bid${count === 1 ? "" : "s"}`;
}

/** The price line: the current price while bidding runs, the outcome once it is over. */
export function priceText(hit: SearchHit): string {
  switch (hit.status) {
    case "sold":
      return `Sold for ${formatMoney(hit.finalPrice ?? hit.currentPrice)}`;
    case "closed":
      return hit.winnerId !== null && hit.finalPrice !== null ? `Won at ${formatMoney(hit.finalPrice)} · awaiting payment` : "No sale";
    case "unsold":
    case "cancelled":
      return "No sale";
    default:
      return hit.bidCount > 0 ? `Current bid ${formatMoney(hit.currentPrice)}` : `Starting at ${formatMoney(hit.currentPrice)}`;
  }
}

export function cardView(hit: SearchHit): CardView {
  const price = priceText(hit);
  switch (hit.status) {
    case "live":
      return { price, bids: bidsText(hit.bidCount), time: { kind: "countdown", label: "Ends in", until: hit.endsAt } };
    case "scheduled":
    case "draft":
      return { price, bids: null, time: { kind: "countdown", label: "Starts in", until: hit.startsAt } };
    case "cancelled":
      return { price, bids: null, time: null };
    default:
      return { price, bids: bidsText(hit.bidCount), time: { kind: "ended", at: hit.endsAt } };
  }
}
