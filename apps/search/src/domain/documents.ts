import type { AuctionEvent, AuctionLifecycleEvent, ListingStatus, Lot, SearchHit } from "@auction-mesh/contracts";

/** A listing as search keeps it (and answers it): `sequence` is the newest bid event applied. */
export type SearchDocument = SearchHit;

/** How far along a listing is: a late or repeated message never moves it back. */
const STAGE: Record<ListingStatus, number> = { draft: 0, scheduled: 1, live: 2, closed: 3, sold: 4, unsold: 4, cancelled: 4 };

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The catalogue's view of a listing (with its bidding so far), as a document. */
export function documentFromLot({ listing, topBid, bidCount, lastBidSequence }: Lot): SearchDocument {
  return {
    id: listing.id,
    title: listing.title,
    description: listing.description,
    category: listing.category,
    sellerId: listing.sellerId,
    sellerName: listing.sellerName,
    status: listing.status,
    imageUrl: listing.imageUrls[0] ?? null,
    startingPrice: listing.startingPrice,
    currentPrice: Math.max(listing.startingPrice, topBid ?? 0),
    bidCount,
    startsAt: listing.startsAt,
    endsAt: listing.endsAt,
    createdAt: listing.createdAt,
    winnerId: listing.winnerId,
    finalPrice: listing.finalPrice,
    sequence: lastBidSequence,
  };
}

/**
 * What the catalogue says now, merged into what search already knew: the catalogue owns the
 * listing's text; bidding's live facts (price, bids, extended end, a later status) that
 * arrived first are kept.
 */
export function mergeFromCatalogue(known: SearchDocument | undefined, incoming: SearchDocument): SearchDocument {
  if (!known) return incoming;
  const status = STAGE[known.status] > STAGE[incoming.status] ? known.status : incoming.status;
  return {
    ...incoming,
    status,
    currentPrice: Math.max(known.currentPrice, incoming.currentPrice),
    bidCount: Math.max(known.bidCount, incoming.bidCount),
    endsAt: later(known.endsAt, incoming.endsAt),
    winnerId: incoming.winnerId ?? known.winnerId,
    finalPrice: incoming.finalPrice ?? known.finalPrice,
    sequence: Math.max(known.sequence, incoming.sequence),
  };
}

/** bidding's events applied in order; those at or below the last applied sequence are repeats. */
export function applyAuctionEvents(doc: SearchDocument, events: readonly AuctionEvent[]): SearchDocument {
  let next = doc;
  for (const event of events) {
    if (event.sequence <= next.sequence) continue;
    next = { ...applyOne(next, event), sequence: event.sequence };
  }
  return next;
}

function applyOne(doc: SearchDocument, event: AuctionEvent): SearchDocument {
  switch (event.type) {
    case "bid-placed":
      return {
        ...doc,
        currentPrice: Math.max(doc.currentPrice, event.amount),
        bidCount: doc.bidCount + 1,
        status: STAGE[doc.status] < STAGE.live ? "live" : doc.status,
      };
    case "auction-extended":
      return { ...doc, endsAt: later(doc.endsAt, event.endsAt) };
    case "auction-closed":
      return {
        ...doc,
        status: STAGE[doc.status] < STAGE.closed ? "closed" : doc.status,
        winnerId: event.winnerId,
        finalPrice: event.finalPrice,
      };
    case "outbid":
      return doc;
  }
}

/** The catalogue's lifecycle applied; published and started documents come from the catalogue itself. */
export function applyLifecycle(doc: SearchDocument, event: AuctionLifecycleEvent): SearchDocument {
  switch (event.type) {
    case "auction-published":
      return doc;
    case "auction-started":
      return {
        ...doc,
        status: STAGE[doc.status] < STAGE.live ? "live" : doc.status,
        endsAt: later(doc.endsAt, event.endsAt),
      };
    case "auction-cancelled":
      return { ...doc, status: "cancelled" };
    case "auction-settled":
      return { ...doc, status: event.outcome, winnerId: event.buyerId, finalPrice: event.finalPrice };
  }
}

/** Whether anything search shows changed (a repeat changes nothing and sends nothing on). */
export function changed(a: SearchDocument, b: SearchDocument): boolean {
  return (Object.keys(b) as (keyof SearchDocument)[]).some((k) => a[k] !== b[k]);
}
