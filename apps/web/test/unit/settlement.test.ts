import type { Settlement } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { settlementView } from "../../src/domain/settlement";

const base: Settlement = {
  auctionId: "a1",
  buyerId: "ann",
  winnerId: "ann",
  sellerId: "sam",
  hammerPrice: 10_000,
  buyersPremium: 1_000,
  total: 11_000,
  platformFee: 500,
  sellerProceeds: 9_500,
  status: "completed",
  paymentDueBy: null,
  failure: null,
  updatedAt: "2026-11-27T12:00:00.000Z",
};

describe("a settlement as each party sees it", () => {
  it("tells the buyer what they paid and the seller their payout", () => {
    expect(settlementView(base, "ann").text).toBe("Paid: $110.00. It's yours.");
    expect(settlementView(base, "sam").text).toMatch(/\$95\.00 is booked to you/);
  });

  it("asks a short buyer to top up, and only them", () => {
    const due = { ...base, status: "awaiting-payment" as const, paymentDueBy: "2026-11-28T12:00:00.000Z" };
    expect(settlementView(due, "ann")).toMatchObject({ action: "top-up" });
    expect(settlementView(due, "sam").action).toBeUndefined();
  });

  it("offers the runner-up the lot, and tells the winner it went on", () => {
    const offered = { ...base, status: "second-chance-offered" as const, buyerId: "bob", paymentDueBy: "2026-11-28T12:00:00.000Z" };
    expect(settlementView(offered, "bob")).toMatchObject({ action: "accept-offer" });
    expect(settlementView(offered, "bob").text).toContain("$100.00");
    expect(settlementView(offered, "ann").text).toMatch(/did not pay in time/);
  });
});
