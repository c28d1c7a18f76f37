import { describe, expect, it } from "vitest";
import { AuctionLifecycleEvent, CreateListingRequest, ListListingsQuery, SignUpRequest, UpdateListingRequest } from "../../src/index.js";

const valid = {
  title: "Blue vase",
  category: "art",
  startingPrice: 1000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: "2026-12-01T10:00:00Z",
  endsAt: "2026-12-01T12:00:00Z",
};

describe("CreateListingRequest", () => {
  it("fills defaults for the optional fields", () => {
    expect(CreateListingRequest.parse(valid)).toMatchObject({
      description: "",
      imageUrls: [],
      reservePrice: null,
      antiSniping: { windowSeconds: 0 },
    });
  });

  it.each([
    [{ endsAt: "2026-12-01T09:00:00Z" }, "endsAt"],
    [{ reservePrice: 500 }, "reservePrice"],
    [{ imageUrls: ["javascript:alert(1)"] }, "imageUrls.0"],
    [{ category: "weapons" }, "category"],
    [{ title: "ab" }, "title"],
    [{ sellerId: "someone-else" }, ""],
  ])("refuses %o, naming %s", (change, path) => {
    const result = CreateListingRequest.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("refuses an empty edit", () => {
    expect(UpdateListingRequest.safeParse({}).success).toBe(false);
    expect(UpdateListingRequest.parse({ reservePrice: null })).toEqual({ reservePrice: null });
  });

  it("coerces paging from a query string and caps the page size", () => {
    expect(ListListingsQuery.parse({ limit: "5" }).limit).toBe(5);
    expect(ListListingsQuery.safeParse({ limit: "1000" }).success).toBe(false);
  });
});

describe("SignUpRequest", () => {
  it("normalises the e-mail and defaults to a bidder; an admin cannot be asked for", () => {
    expect(SignUpRequest.parse({ email: " Ada@Example.COM ", password: "x", displayName: "Ada" })).toMatchObject({
      email: "ada@example.com",
      role: "bidder",
    });
    expect(SignUpRequest.safeParse({ email: "a@b.co", password: "x", displayName: "A", role: "admin" }).success).toBe(false);
  });
});

describe("AuctionLifecycleEvent", () => {
  it("accepts each lifecycle event the catalogue publishes", () => {
    for (const e of [
      { type: "auction-published", auctionId: "a1", at: valid.startsAt, startsAt: valid.startsAt, endsAt: valid.endsAt },
      { type: "auction-started", auctionId: "a1", at: valid.startsAt, endsAt: valid.endsAt },
      { type: "auction-cancelled", auctionId: "a1", at: valid.startsAt, reason: "by the seller" },
    ])
      expect(AuctionLifecycleEvent.parse(e)).toEqual(e);
  });
});
