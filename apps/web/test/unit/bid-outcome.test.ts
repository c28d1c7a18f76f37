import { describe, expect, it } from "vitest";
import { acceptedMessage, rejectionMessage, staleAfterLeaderChange } from "../../src/domain/bid-outcome";

describe("messages for bids", () => {
  it("says why each rejection code happened, in plain words", () => {
    const cases: [string, RegExp][] = [
      ["BID_TOO_LOW", /too low/i],
      ["ALREADY_LEADING", /already the highest bidder/i],
      ["SELLER_CANNOT_BID", /your own auction/i],
      ["AUCTION_CLOSED", /closed/i],
      ["AUCTION_NOT_FOUND", /isn't open/i],
      ["RATE_LIMITED", /too fast/i],
      ["UNAUTHENTICATED", /sign in/i],
      ["NOT_SIGNED_IN", /sign in/i],
      ["FORBIDDEN", /isn't allowed/i],
    ];
    for (const [code, text] of cases) expect(rejectionMessage({ code, message: "server words" }), code).toMatch(text);
  });

  it("names the new minimum when a bid was too low", () => {
    expect(rejectionMessage({ code: "BID_TOO_LOW", message: "", minimumNextBid: 1300 })).toBe(
      "Your bid is too low. The minimum bid is now $13.00.",
    );
  });

  it("falls back to the server's message for codes it does not know", () => {
    expect(rejectionMessage({ code: "SOMETHING_NEW", message: "Try later" })).toBe("Try later");
  });

  it("confirms an accepted bid, and says when an auto-bid beat it at once", () => {
    expect(acceptedMessage({ leading: true, currentPrice: 1200 }, 1200)).toBe("Your bid of $12.00 is the highest bid.");
    expect(acceptedMessage({ leading: false, currentPrice: 1300 }, 1200)).toMatch(/auto-bid is higher \(now \$13\.00\)/);
  });
});

describe("a bid message after the lead changes", () => {
  const refusal = { tone: "error" as const, text: "You're already the highest bidder", amount: 1_000, leading: false };
  const leading = { tone: "success" as const, text: "Your bid is the highest", amount: 1_000, leading: true };
  it("drops 'already the highest bidder' once someone else leads", () => {
    expect(staleAfterLeaderChange(refusal, "rival", "me")).toBe(true);
  });
  it("drops any refusal when the situation changes, and a confirmation once another leads", () => {
    expect(staleAfterLeaderChange({ ...refusal, text: "too low" }, "me", "me")).toBe(true);
    expect(staleAfterLeaderChange(leading, "rival", "me")).toBe(true);
  });
  it("keeps one's own confirmation when one takes the lead", () => {
    expect(staleAfterLeaderChange(leading, "me", "me")).toBe(false);
    expect(staleAfterLeaderChange(null, "rival", "me")).toBe(false);
  });
});
