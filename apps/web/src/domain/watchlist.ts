import type { Lot } from "@auction-mesh/contracts";

/** What a watched lot's price column says: the final price, the current bid, or where bidding starts. */
export function lotPrice(lot: Lot): { label: string; amount: number } {
  if (lot.listing.finalPrice !== null) return { label: "Sold for", amount: lot.listing.finalPrice };
  if (lot.topBid !== null) return { label: lot.listing.status === "live" ? "Current bid" : "Closing bid", amount: lot.topBid };
  return { label: "Starts at", amount: lot.listing.startingPrice };
}

/** Those still to come or running first, ending soonest first; then the rest, latest-ended first. */
export function orderWatchlist(items: readonly Lot[]): Lot[] {
  const open = (l: Lot) => l.listing.status === "live" || l.listing.status === "scheduled";
  const end = (l: Lot) => Date.parse(l.listing.endsAt);
  const upcoming = items.filter(open).sort((a, b) => end(a) - end(b));
  const over = items.filter((l) => !open(l)).sort((a, b) => end(b) - end(a));
  return [...upcoming, ...over];
}
