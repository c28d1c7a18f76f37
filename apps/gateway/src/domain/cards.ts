import type { AuctionEvent, CardUpdate } from "@auction-mesh/contracts";

/**
 * One auction's events of the last second, folded into what a list card shows: the top bid,
 * which bids they were (by sequence, so a card counts only those newer than its own figures),
 * a moved end, the close. Pure.
 */
export function cardUpdate(events: readonly AuctionEvent[]): CardUpdate | undefined {
  const last = events.at(-1);
  if (!last) return undefined;
  const update: CardUpdate = {
    auctionId: last.auctionId,
    sequence: last.sequence,
    topBid: null,
    bidSequences: [],
    endsAt: null,
    closed: null,
  };
  for (const event of events) {
    if (event.type === "bid-placed") {
      update.topBid = Math.max(update.topBid ?? 0, event.amount);
      update.bidSequences.push(event.sequence);
    } else if (event.type === "auction-extended") update.endsAt = event.endsAt;
    else if (event.type === "auction-closed") update.closed = { winnerId: event.winnerId, finalPrice: event.finalPrice };
  }
  return update;
}
