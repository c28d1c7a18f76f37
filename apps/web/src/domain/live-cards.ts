import type { CardUpdate, SearchHit } from "@auction-mesh/contracts";

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * A list card with what happened since search counted it: only what is newer than the card's
 * own sequence counts (the list may have been fetched after some of these bids). Pure.
 */
export function applyCardUpdate(hit: SearchHit, update: CardUpdate): SearchHit {
  if (update.auctionId !== hit.id || update.sequence <= hit.sequence) return hit;
  const newBids = update.bidSequences.filter((s) => s > hit.sequence).length;
  const closed = update.closed !== null && (hit.status === "live" || hit.status === "scheduled");
  return {
    ...hit,
    sequence: update.sequence,
    currentPrice: Math.max(hit.currentPrice, update.topBid ?? 0),
    bidCount: hit.bidCount + newBids,
    endsAt: update.endsAt ? later(hit.endsAt, update.endsAt) : hit.endsAt,
    ...(closed
      ? { status: "closed" as const, winnerId: update.closed?.winnerId ?? null, finalPrice: update.closed?.finalPrice ?? null }
      : {}),
  };
}

/** Every update of the card's auction applied, oldest first. */
export const withUpdates = (hit: SearchHit, updates: readonly CardUpdate[] = []): SearchHit => updates.reduce(applyCardUpdate, hit);
