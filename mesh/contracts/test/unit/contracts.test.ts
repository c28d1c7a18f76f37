import { describe, expect, it } from "vitest";
import { BidPlacedEvent, OpenAuctionRequest, PlaceBidResult, TopicSchemas, Topics } from "../../src/index.js";

describe("contracts", () => {
  it("maps every topic to a schema", () => {
    for (const topic of Object.values(Topics)) expect(TopicSchemas[topic]).toBeDefined();
  });

  it("rejects money that is not a whole number of minor units", () => {
    const r = OpenAuctionRequest.safeParse({
      auctionId: "a1",
      sellerId: "s",
      startingPrice: 10.5,
      increment: 100,
      endsAt: "2026-01-01T00:00:00Z",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["startingPrice"]);
  });

  it("rejects unknown fields in commands, so typos do not pass silently", () => {
    const r = OpenAuctionRequest.safeParse({
      auctionId: "a1",
      sellerId: "s",
      startingPrice: 1,
      increment: 1,
      endsAt: "2026-01-01T00:00:00Z",
      reserve: 5,
    });
    expect(r.success).toBe(false);
  });

  it("tells accepted and refused bids apart by the accepted flag", () => {
    const refused = PlaceBidResult.parse({ accepted: false, auctionId: "a1", code: "BID_TOO_LOW", message: "too low" });
    expect(refused.accepted).toBe(false);
    expect(() => PlaceBidResult.parse({ accepted: true, auctionId: "a1" })).toThrow();
  });

  it("requires a sequence on every bid event", () => {
    expect(
      BidPlacedEvent.safeParse({
        type: "bid-placed",
        auctionId: "a1",
        bidderId: "b",
        amount: 1,
        previousLeaderId: null,
        minimumNextBid: 2,
        placedAt: "2026-01-01T00:00:00Z",
      }).success,
    ).toBe(false);
  });
});
