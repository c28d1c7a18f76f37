import type { AuctionEvent } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { cardUpdate } from "../../src/domain/cards.js";

const at = "2026-01-01T10:00:00.000Z";
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

describe("a list card's update", () => {
  it("folds a second's bids into one: the top bid, which bids, the moved end", () => {
    expect(
      cardUpdate([
        bid(4, 1_100),
        { type: "outbid", auctionId: "a1", sequence: 5, at, bidderId: "b4", currentPrice: 1_200 },
        bid(6, 1_200),
        { type: "auction-extended", auctionId: "a1", sequence: 7, at, endsAt: "2026-01-01T10:02:00.000Z" },
      ]),
    ).toEqual({ auctionId: "a1", sequence: 7, topBid: 1_200, bidSequences: [4, 6], endsAt: "2026-01-01T10:02:00.000Z", closed: null });
  });

  it("says when the auction closed, and nothing for no events", () => {
    const closed = cardUpdate([
      { type: "auction-closed", auctionId: "a1", sequence: 9, at, winnerId: "b6", finalPrice: 1_200, reserveMet: true },
    ]);
    expect(closed).toMatchObject({ sequence: 9, topBid: null, bidSequences: [], closed: { winnerId: "b6", finalPrice: 1_200 } });
    expect(cardUpdate([])).toBeUndefined();
  });
});
