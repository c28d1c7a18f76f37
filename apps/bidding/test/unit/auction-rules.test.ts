import type { PlaceBidCommand } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { type AuctionState, closeAuction, minimumNextBid, openAuction, placeBid, snapshotOf } from "../../src/domain/auction.js";

const NOW = new Date("2026-01-01T12:00:00.000Z");
const auction = (over: Partial<AuctionState> = {}): AuctionState => ({
  ...openAuction({ auctionId: "a1", sellerId: "seller", startingPrice: 1000, increment: 100, endsAt: "2026-01-01T13:00:00.000Z" }),
  ...over,
});
let keys = 0;
const bid = (bidderId: string, amount: number, idempotencyKey = `key-${String(++keys).padStart(6, "0")}`): PlaceBidCommand => ({
  auctionId: "a1",
  bidderId,
  amount,
  idempotencyKey,
});

describe("placeBid", () => {
  const cases: { name: string; state: AuctionState; bid: PlaceBidCommand; accepted: boolean; code?: string }[] = [
    { name: "first bid at the starting price", state: auction(), bid: bid("b1", 1000), accepted: true },
    { name: "first bid below the starting price", state: auction(), bid: bid("b1", 999), accepted: false, code: "BID_TOO_LOW" },
    {
      name: "bid meeting the increment",
      state: auction({ currentPrice: 1000, leaderId: "b1", sequence: 1 }),
      bid: bid("b2", 1100),
      accepted: true,
    },
    {
      name: "bid short of the increment",
      state: auction({ currentPrice: 1000, leaderId: "b1", sequence: 1 }),
      bid: bid("b2", 1099),
      accepted: false,
      code: "BID_TOO_LOW",
    },
    { name: "seller bidding on own auction", state: auction(), bid: bid("seller", 5000), accepted: false, code: "SELLER_CANNOT_BID" },
    {
      name: "leader outbidding themself",
      state: auction({ currentPrice: 1000, leaderId: "b1", sequence: 1 }),
      bid: bid("b1", 2000),
      accepted: false,
      code: "ALREADY_LEADING",
    },
    {
      name: "bid on a closed auction",
      state: auction({ status: "closed" }),
      bid: bid("b1", 5000),
      accepted: false,
      code: "AUCTION_CLOSED",
    },
    {
      name: "bid after the end time",
      state: auction({ endsAt: "2026-01-01T11:59:59.999Z" }),
      bid: bid("b1", 5000),
      accepted: false,
      code: "AUCTION_CLOSED",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { result, event, state } = placeBid(c.state, c.bid, NOW);
      expect(result.accepted).toBe(c.accepted);
      if (!result.accepted) {
        expect(result.code).toBe(c.code);
        expect(event).toBeNull();
        expect(state.currentPrice).toBe(c.state.currentPrice);
      } else {
        expect(state.currentPrice).toBe(c.bid.amount);
        expect(state.leaderId).toBe(c.bid.bidderId);
        expect(event).toMatchObject({
          type: "bid-placed",
          sequence: c.state.sequence + 1,
          amount: c.bid.amount,
          previousLeaderId: c.state.leaderId,
        });
      }
    });
  }

  it("answers a retried bid with its first answer and never counts it twice", () => {
    const first = placeBid(auction(), bid("b1", 1000, "retry-key-1"), NOW);
    const again = placeBid(first.state, bid("b1", 1000, "retry-key-1"), NOW);
    expect(again.result).toEqual(first.result);
    expect(again.event).toBeNull();
    expect(again.state.sequence).toBe(1);
  });

  it("gives every accepted bid the next sequence number and keeps the latest bids first", () => {
    let state = auction();
    for (const [i, bidder] of ["b1", "b2", "b3"].entries()) state = placeBid(state, bid(bidder, 1000 + i * 100), NOW).state;
    expect(state.sequence).toBe(3);
    expect(snapshotOf(state).lastBids.map((b) => b.bidderId)).toEqual(["b3", "b2", "b1"]);
    expect(minimumNextBid(state)).toBe(1300);
  });
});

describe("closeAuction", () => {
  it("announces the leader as winner once, with the next sequence number", () => {
    const state = placeBid(auction(), bid("b1", 1500), NOW).state;
    const first = closeAuction(state, NOW);
    expect(first.event).toMatchObject({ winnerId: "b1", finalPrice: 1500, sequence: 2 });
    const second = closeAuction(first.state, NOW);
    expect(second.event).toBeNull();
  });

  it("announces no winner when nobody bid", () => {
    expect(closeAuction(auction(), NOW).event).toMatchObject({ winnerId: null, finalPrice: null });
  });
});
