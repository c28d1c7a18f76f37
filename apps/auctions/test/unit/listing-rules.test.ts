import type { CreateListingRequest, Listing, TokenClaims } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import {
  applyUpdate,
  cancelDecision,
  canSee,
  newListing,
  publishDecision,
  RuleViolation,
  showsReserve,
  standing,
  startDecision,
  startDueTime,
} from "../../src/domain/listing-rules.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
const seller: TokenClaims = { sub: "seller-1", name: "Sam", roles: ["seller", "bidder"] };
const otherSeller: TokenClaims = { sub: "seller-2", name: "Sue", roles: ["seller", "bidder"] };
const bidder: TokenClaims = { sub: "bidder-1", name: "Bo", roles: ["bidder"] };
const admin: TokenClaims = { sub: "admin-1", name: "Ann", roles: ["bidder", "admin"] };

const request: CreateListingRequest = {
  title: "Blue vase",
  description: "",
  category: "art",
  imageUrls: [],
  startingPrice: 1000,
  reservePrice: 2000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: at(60),
  endsAt: at(3600),
  antiSniping: { windowSeconds: 30, extensionSeconds: 30 },
};
const draft = (): Listing => newListing("a-1", request, seller, NOW);
const withStatus = (status: Listing["status"]): Listing => ({ ...draft(), status });

function violation(fn: () => unknown): { status: number; code: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleViolation) return { status: err.status, code: err.code };
    throw err;
  }
  throw new Error("no rule was broken");
}

describe("creating", () => {
  it("makes a draft owned by the seller, with the reserve flagged", () => {
    expect(draft()).toMatchObject({ sellerId: "seller-1", sellerName: "Sam", status: "draft", hasReserve: true, winnerId: null });
  });

  it.each([["a bidder", bidder, { status: 403, code: "FORBIDDEN" }]])("refuses %s", (_, user, expected) => {
    expect(violation(() => newListing("a-2", request, user, NOW))).toEqual(expected);
  });

  it("lets an admin create", () => {
    expect(newListing("a-3", request, admin, NOW).sellerId).toBe("admin-1");
  });
});

describe("who sees what", () => {
  it.each([
    ["draft", undefined, false],
    ["draft", bidder, false],
    ["draft", seller, true],
    ["draft", admin, true],
    ["cancelled", bidder, false],
    ["cancelled", seller, true],
    ["scheduled", undefined, true],
    ["live", undefined, true],
    ["closed", bidder, true],
  ] as const)("a %s listing, seen by %o: %s", (status, user, visible) => {
    expect(canSee(withStatus(status), user)).toBe(visible);
  });

  it("shows the reserve only to the seller and admins", () => {
    expect([undefined, bidder, otherSeller, seller, admin].map((u) => showsReserve(draft(), u))).toEqual([false, false, false, true, true]);
  });
});

describe("editing", () => {
  it("applies changes to a draft", () => {
    expect(applyUpdate(draft(), { title: "Green vase" }, seller, NOW).title).toBe("Green vase");
  });

  it.each([
    ["another seller", otherSeller, {}, "draft", { status: 403, code: "FORBIDDEN" }],
    ["a live auction", seller, {}, "live", { status: 409, code: "AUCTION_NOT_EDITABLE" }],
    ["a closed auction", admin, {}, "closed", { status: 409, code: "AUCTION_NOT_EDITABLE" }],
    ["an end before the start", seller, { endsAt: at(30) }, "draft", { status: 422, code: "INVALID_SCHEDULE" }],
    ["a reserve below the start price", seller, { reservePrice: 500 }, "draft", { status: 422, code: "INVALID_RESERVE" }],
    [
      "a scheduled auction moved to end now",
      seller,
      { startsAt: at(-10), endsAt: at(2) },
      "scheduled",
      { status: 422, code: "ENDS_TOO_SOON" },
    ],
  ] as const)("refuses %s", (_, user, changes, status, expected) => {
    expect(violation(() => applyUpdate(withStatus(status), changes, user, NOW))).toEqual(expected);
  });
});

describe("publishing and cancelling", () => {
  it("publishes a draft of its seller or an admin", () => {
    expect(publishDecision(draft(), seller, NOW)).toBe("publish");
    expect(publishDecision(draft(), admin, NOW)).toBe("publish");
  });

  // daprd resends a publish whose answer was late, and the first attempt may have done it all.
  it.each(["scheduled", "live", "closed"] as const)("answers a publish of a %s auction as done already (a resend)", (status) => {
    expect(publishDecision(withStatus(status), seller, NOW)).toBe("published-already");
  });

  it.each([
    ["once cancelled", withStatus("cancelled"), seller, { status: 409, code: "AUCTION_NOT_DRAFT" }],
    ["for someone else", draft(), otherSeller, { status: 403, code: "FORBIDDEN" }],
    ["for someone else, even when published", withStatus("scheduled"), otherSeller, { status: 403, code: "FORBIDDEN" }],
    ["when it would end within 5 s", { ...draft(), endsAt: at(4) }, seller, { status: 422, code: "ENDS_TOO_SOON" }],
  ] as const)("refuses to publish %s", (_, listing, user, expected) => {
    expect(violation(() => publishDecision(listing, user, NOW))).toEqual(expected);
  });

  it("cancels before it is live, never after, and answers a resent cancel as done already", () => {
    expect(cancelDecision(withStatus("scheduled"), seller)).toBe("cancel");
    expect(cancelDecision(withStatus("draft"), admin)).toBe("cancel");
    expect(cancelDecision(withStatus("cancelled"), seller)).toBe("cancelled-already");
    expect(violation(() => cancelDecision(withStatus("live"), seller))).toEqual({ status: 409, code: "AUCTION_NOT_CANCELLABLE" });
    expect(violation(() => cancelDecision(withStatus("draft"), bidder))).toEqual({ status: 403, code: "FORBIDDEN" });
    expect(violation(() => cancelDecision(withStatus("cancelled"), otherSeller))).toEqual({ status: 403, code: "FORBIDDEN" });
  });
});

describe("starting", () => {
  it("schedules the start at startsAt, or now when that has passed", () => {
    expect(startDueTime(at(90), NOW)).toBe(at(90));
    expect(startDueTime(at(0), NOW)).toBe("0s");
    expect(startDueTime(at(-90), NOW)).toBe("0s");
  });

  it.each([
    ["scheduled and due", "scheduled", 0, "start"],
    ["scheduled, fired a little early", "scheduled", 0.5, "start"],
    ["rescheduled to later (a stale job)", "scheduled", 120, "ignore"],
    ["cancelled", "cancelled", 0, "ignore"],
    ["live already (a retried job)", "live", 0, "ignore"],
  ] as const)("a start job for a listing %s: %s", (_, status, startsIn, decision) => {
    expect(startDecision({ status, startsAt: at(startsIn) }, NOW)).toBe(decision);
  });
});

describe("standing (my bids)", () => {
  it("leads or is outbid by the top bid while the auction runs", () => {
    expect(standing({ status: "live", winnerId: null }, "ann", "ann")).toBe("leading");
    expect(standing({ status: "live", winnerId: null }, "bob", "ann")).toBe("outbid");
  });
  it("won or lost by the winner once it ended, sold or not", () => {
    expect(standing({ status: "sold", winnerId: "ann" }, "ann", "ann")).toBe("won");
    expect(standing({ status: "closed", winnerId: null }, "ann", "ann")).toBe("lost");
    expect(standing({ status: "sold", winnerId: "bob" }, "ann", "ann")).toBe("lost"); // a second chance went to bob
  });
});
