import { describe, expect, it } from "vitest";
import { bidderLabel, shortTag } from "../../src/domain/bidder-label";
import { outcomeText } from "../../src/domain/outcome";

describe("who is who in the room", () => {
  it("shows You for the signed-in user and a short tag for others", () => {
    expect(bidderLabel("u-1", "u-1")).toBe("You");
    expect(bidderLabel("3f2a9c1e-0000-4000-8000-00000000b7c4", "u-1")).toBe("Bidder b7c4");
    expect(bidderLabel("u-1", null)).toBe("Bidder 00u1");
  });

  it("keeps the tag four characters, from any id", () => {
    expect(shortTag("ab")).toBe("00ab");
    expect(shortTag("--")).toBe("0000");
    expect(shortTag("USER_ABCDEF")).toBe("cdef");
  });
});

describe("how the auction ended", () => {
  it("you won", () => {
    expect(outcomeText({ winnerId: "me", finalPrice: 4200, reserveMet: true }, "me", true)).toEqual({
      title: "You won!",
      detail: "You won this auction for $42.00.",
    });
  });

  it("sold to someone else", () => {
    expect(outcomeText({ winnerId: "other-9f3e", finalPrice: 4200, reserveMet: true }, "me", true).title).toBe("Sold to Bidder 9f3e");
  });

  it("no sale: no bids, or below the reserve", () => {
    expect(outcomeText({ winnerId: null, finalPrice: null, reserveMet: false }, "me", false)).toEqual({
      title: "No sale",
      detail: "The auction ended without bids.",
    });
    expect(outcomeText({ winnerId: null, finalPrice: null, reserveMet: false }, "me", true).detail).toMatch(/below the reserve/);
  });
});
