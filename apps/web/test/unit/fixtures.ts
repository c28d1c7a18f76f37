import type { AuctionEvent, AuctionSnapshot } from "@auction-mesh/contracts";

/** Builders for live-room data: valid per the contracts, with only the interesting fields spelled out in tests. */
export const at = (second: number) => new Date(Date.UTC(2026, 10, 24, 19, 0, second)).toISOString();

export function snapshot(over: Partial<AuctionSnapshot> = {}): AuctionSnapshot {
  return {
    auctionId: "a1",
    status: "open",
    sellerId: "seller",
    startingPrice: 1000,
    incrementRule: { kind: "fixed", amount: 100 },
    hasReserve: false,
    reserveMet: true,
    currentPrice: null,
    leaderId: null,
    minimumNextBid: 1000,
    sequence: 0,
    endsAt: at(59),
    lastBids: [],
    ...over,
  };
}

export const bid = (sequence: number, bidderId: string, amount: number, minimumNextBid = amount + 100): AuctionEvent => ({
  type: "bid-placed",
  auctionId: "a1",
  sequence,
  at: at(sequence),
  bidderId,
  amount,
  auto: false,
  minimumNextBid,
});

export const outbid = (sequence: number, bidderId: string, currentPrice: number): AuctionEvent => ({
  type: "outbid",
  auctionId: "a1",
  sequence,
  at: at(sequence),
  bidderId,
  currentPrice,
});

export const extended = (sequence: number, endsAt: string): AuctionEvent => ({
  type: "auction-extended",
  auctionId: "a1",
  sequence,
  at: at(sequence),
  endsAt,
});

export const closed = (sequence: number, winnerId: string | null, finalPrice: number | null, reserveMet = true): AuctionEvent => ({
  type: "auction-closed",
  auctionId: "a1",
  sequence,
  at: at(sequence),
  winnerId,
  finalPrice,
  reserveMet,
});
