import type { Listing, Lot } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { lotPrice, orderWatchlist } from "../../src/domain/watchlist";

const lot = (id: string, status: Listing["status"], endsAt: string, more: Partial<Lot> & { finalPrice?: number } = {}): Lot =>
  ({
    listing: { id, status, endsAt, startingPrice: 1_000, finalPrice: more.finalPrice ?? null },
    topBid: more.topBid ?? null,
    bidCount: more.bidCount ?? 0,
    lastBidSequence: 0,
  }) as unknown as Lot;

describe("the watchlist", () => {
  it("lists what is still to come ending soonest first, then what ended, latest first", () => {
    const ordered = orderWatchlist([
      lot("ended-early", "sold", "2026-01-01T10:00:00Z"),
      lot("live-late", "live", "2026-01-01T12:00:00Z"),
      lot("ended-late", "unsold", "2026-01-01T11:00:00Z"),
      lot("upcoming-soon", "scheduled", "2026-01-01T11:30:00Z"),
    ]);
    expect(ordered.map((l) => l.listing.id)).toEqual(["upcoming-soon", "live-late", "ended-late", "ended-early"]);
  });

  it("shows the final price once sold, the top bid while bidding, and the starting price before any bid", () => {
    expect(lotPrice(lot("a", "sold", "2026-01-01T10:00:00Z", { finalPrice: 4_500, topBid: 4_500 }))).toEqual({
      label: "Sold for",
      amount: 4_500,
    });
    expect(lotPrice(lot("b", "live", "2026-01-01T10:00:00Z", { topBid: 2_000 }))).toEqual({ label: "Current bid", amount: 2_000 });
    expect(lotPrice(lot("c", "closed", "2026-01-01T10:00:00Z", { topBid: 2_000 }))).toEqual({ label: "Closing bid", amount: 2_000 });
    expect(lotPrice(lot("d", "scheduled", "2026-01-01T10:00:00Z"))).toEqual({ label: "Starts at", amount: 1_000 });
  });
});
