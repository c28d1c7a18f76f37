import type { CardUpdate, SearchHit } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { applyCardUpdate, withUpdates } from "../../src/domain/live-cards";

const hit = { id: "a1", status: "live", currentPrice: 1_500, bidCount: 2, endsAt: "2026-01-01T10:00:00.000Z", sequence: 5 } as SearchHit;
const update = (over: Partial<CardUpdate>): CardUpdate => ({
  auctionId: "a1",
  sequence: 8,
  topBid: null,
  bidSequences: [],
  endsAt: null,
  closed: null,
  ...over,
});

describe("a live list card", () => {
  it("counts only the bids newer than what search counted", () => {
    const moved = applyCardUpdate(hit, update({ sequence: 8, topBid: 1_800, bidSequences: [4, 6, 8] }));
    expect(moved).toMatchObject({ currentPrice: 1_800, bidCount: 4, sequence: 8 });
    expect(applyCardUpdate(moved, update({ sequence: 8, topBid: 1_800, bidSequences: [6, 8] }))).toBe(moved);
  });

  it("moves the end on an extension and ends on the close", () => {
    const card = withUpdates(hit, [
      update({ sequence: 6, endsAt: "2026-01-01T10:01:00.000Z" }),
      update({ sequence: 7, closed: { winnerId: "b1", finalPrice: 1_500 } }),
    ]);
    expect(card).toMatchObject({ endsAt: "2026-01-01T10:01:00.000Z", status: "closed", winnerId: "b1", finalPrice: 1_500 });
  });

  it("ignores another auction's update", () => {
    expect(applyCardUpdate(hit, update({ auctionId: "a2", topBid: 9_999, bidSequences: [9] }))).toBe(hit);
  });
});
