import type { AuctionEvent, Lot } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { applyAuctionEvents, applyLifecycle, changed, documentFromLot, mergeFromCatalogue } from "../../src/domain/documents.js";

const lot = (more: Partial<Lot> = {}): Lot =>
  ({
    listing: {
      id: "a1",
      title: "Brass clock",
      description: "Ticks",
      category: "home",
      sellerId: "s1",
      sellerName: "Sam",
      status: "live",
      imageUrls: ["/img/1.jpg", "/img/2.jpg"],
      startingPrice: 1_000,
      startsAt: "2026-01-01T10:00:00.000Z",
      endsAt: "2026-01-01T12:00:00.000Z",
      createdAt: "2026-01-01T09:00:00.000Z",
      winnerId: null,
      finalPrice: null,
    },
    topBid: 1_500,
    bidCount: 2,
    lastBidSequence: 2,
    ...more,
  }) as Lot;

const at = "2026-01-01T11:00:00.000Z";
const bid = (sequence: number, amount: number): AuctionEvent => ({
  type: "bid-placed",
  auctionId: "a1",
  sequence,
  at,
  bidderId: `b${sequence}`,
  amount,
  auto: false,
  minimumNextBid: amount + 100,
});

describe("the search projection", () => {
  it("takes the catalogue's listing: the first image, the top bid as the current price", () => {
    const doc = documentFromLot(lot());
    expect(doc).toMatchObject({ imageUrl: "/img/1.jpg", currentPrice: 1_500, bidCount: 2, sequence: 2 });
    expect(documentFromLot(lot({ topBid: null, bidCount: 0, lastBidSequence: 0 })).currentPrice).toBe(1_000);
  });

  it("applies new bids, an extension and the close; a redelivered batch changes nothing", () => {
    const doc = documentFromLot(lot());
    const events: AuctionEvent[] = [
      bid(2, 1_500), // the catalogue counted it already
      bid(3, 1_700),
      { type: "auction-extended", auctionId: "a1", sequence: 4, at, endsAt: "2026-01-01T12:02:00.000Z" },
      { type: "auction-closed", auctionId: "a1", sequence: 5, at, winnerId: "b3", finalPrice: 1_700, reserveMet: true },
    ];
    const next = applyAuctionEvents(doc, events);
    expect(next).toMatchObject({
      currentPrice: 1_700,
      bidCount: 3,
      endsAt: "2026-01-01T12:02:00.000Z",
      status: "closed",
      winnerId: "b3",
      sequence: 5,
    });
    expect(changed(next, applyAuctionEvents(next, events))).toBe(false);
  });

  it("never moves a listing back: a late 'started' after the close, or the catalogue lagging behind bidding", () => {
    const closed = applyAuctionEvents(documentFromLot(lot()), [
      { type: "auction-closed", auctionId: "a1", sequence: 3, at, winnerId: "b2", finalPrice: 1_500, reserveMet: true },
    ]);
    expect(applyLifecycle(closed, { type: "auction-started", auctionId: "a1", at, endsAt: "2026-01-01T12:00:00.000Z" }).status).toBe(
      "closed",
    );
    const merged = mergeFromCatalogue(closed, documentFromLot(lot({ topBid: 1_200, bidCount: 1, lastBidSequence: 1 })));
    expect(merged).toMatchObject({ status: "closed", currentPrice: 1_500, bidCount: 2, sequence: 3 });
  });

  it("records the settlement and a cancellation", () => {
    const doc = documentFromLot(lot());
    expect(
      applyLifecycle(doc, { type: "auction-settled", auctionId: "a1", at, outcome: "sold", buyerId: "b2", finalPrice: 1_500 }),
    ).toMatchObject({
      status: "sold",
      winnerId: "b2",
      finalPrice: 1_500,
    });
    expect(applyLifecycle(doc, { type: "auction-cancelled", auctionId: "a1", at, reason: "seller" }).status).toBe("cancelled");
  });
});
