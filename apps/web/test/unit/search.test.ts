import type { SearchHit } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { bidsText, cardView, priceText } from "../../src/domain/auction-card";
import { checkPriceRange, dollarsText, MAX_BELOW_MIN, NOT_AN_AMOUNT, TOO_LARGE } from "../../src/domain/price-range";
import { appendHits, categoryChoices, categoryCounts, resultCountText, sortOptions, statusOptions } from "../../src/domain/search-options";

const hit = (over: Partial<SearchHit> = {}): SearchHit => ({
  id: "a1",
  title: "Vintage camera",
  description: "Works.",
  category: "electronics",
  sellerId: "s1",
  sellerName: "Sella",
  status: "live",
  imageUrl: null,
  startingPrice: 1000,
  currentPrice: 1000,
  bidCount: 0,
  startsAt: "2026-05-01T10:00:00.000Z",
  endsAt: "2026-05-01T10:05:30.000Z",
  createdAt: "2026-05-01T09:00:00.000Z",
  winnerId: null,
  finalPrice: null,
  sequence: 0,
  ...over,
});

describe("the price range typed in dollars", () => {
  it("takes dollars and cents, and an empty box as no bound", () => {
    expect(checkPriceRange({ min: "10", max: "10.50" })).toEqual({ ok: true, minPrice: 1000, maxPrice: 1050 });
    expect(checkPriceRange({ min: " ", max: "" })).toEqual({ ok: true, minPrice: undefined, maxPrice: undefined });
    expect(checkPriceRange({ min: "0", max: "$1,000" })).toEqual({ ok: true, minPrice: 0, maxPrice: 100000 });
    expect(checkPriceRange({ min: "5", max: "5" })).toEqual({ ok: true, minPrice: 500, maxPrice: 500 });
  });

  it("names the box that is wrong, and why", () => {
    expect(checkPriceRange({ min: "abc", max: "" })).toEqual({ ok: false, errors: { min: NOT_AN_AMOUNT } });
    expect(checkPriceRange({ min: "", max: "-3" })).toEqual({ ok: false, errors: { max: NOT_AN_AMOUNT } });
    expect(checkPriceRange({ min: "10.", max: "1e3" })).toEqual({ ok: false, errors: { min: NOT_AN_AMOUNT, max: NOT_AN_AMOUNT } });
    expect(checkPriceRange({ min: "", max: "99999999999" })).toEqual({ ok: false, errors: { max: TOO_LARGE } });
    expect(checkPriceRange({ min: "20", max: "10.50" })).toEqual({ ok: false, errors: { max: MAX_BELOW_MIN } });
    expect(NOT_AN_AMOUNT).toBe("Enter dollars, like 10 or 10.50.");
  });

  it("writes cents back as a person types them", () => {
    expect(dollarsText(1000)).toBe("10");
    expect(dollarsText(1050)).toBe("10.50");
    expect(dollarsText(5)).toBe("0.05");
    expect(dollarsText(0)).toBe("0");
    expect(dollarsText(undefined)).toBe("");
  });
});

describe("an auction's card in the list", () => {
  it("shows where bidding starts until the first bid, then the current bid", () => {
    expect(priceText(hit())).toBe("Starting at $10.00");
    expect(priceText(hit({ bidCount: 3, currentPrice: 3500 }))).toBe("Current bid $35.00");
    expect(priceText(hit({ status: "scheduled" }))).toBe("Starting at $10.00");
  });

  it("counts the bids", () => {
    expect(bidsText(0)).toBe("No bids yet");
    expect(bidsText(1)).toBe("1 bid");
    expect(bidsText(12)).toBe("12 bids");
  });

  it("counts down to the real end (extensions included) while live, and to the start before", () => {
    expect(cardView(hit({ bidCount: 1, currentPrice: 1100, endsAt: "2026-05-01T10:07:00.000Z" }))).toEqual({
      price: "Current bid $11.00",
      bids: "1 bid",
      time: { kind: "countdown", label: "Ends in", until: "2026-05-01T10:07:00.000Z" },
    });
    expect(cardView(hit({ status: "scheduled" }))).toEqual({
      price: "Starting at $10.00",
      bids: null,
      time: { kind: "countdown", label: "Starts in", until: "2026-05-01T10:00:00.000Z" },
    });
  });

  it("shows the outcome and when it ended once bidding is over", () => {
    const ended = { kind: "ended", at: "2026-05-01T10:05:30.000Z" };
    expect(cardView(hit({ status: "sold", bidCount: 4, currentPrice: 4000, finalPrice: 4000, winnerId: "b1" }))).toEqual({
      price: "Sold for $40.00",
      bids: "4 bids",
      time: ended,
    });
    expect(priceText(hit({ status: "closed", bidCount: 2, currentPrice: 1200, finalPrice: 1200, winnerId: "b1" }))).toBe(
      "Won at $12.00 · awaiting payment",
    );
    expect(cardView(hit({ status: "closed" }))).toEqual({ price: "No sale", bids: "No bids yet", time: ended });
    expect(cardView(hit({ status: "unsold", bidCount: 1, currentPrice: 1000 }))).toEqual({ price: "No sale", bids: "1 bid", time: ended });
  });
});

describe("the list's choices and counts", () => {
  it("offers the searchable statuses by their names", () => {
    expect(statusOptions.map((s) => s.label)).toEqual(["Live", "Upcoming", "Ended", "Sold", "Not sold"]);
    expect(statusOptions.map((s) => s.value)).toEqual(["live", "scheduled", "closed", "sold", "unsold"]);
  });

  it("offers best match only with words to match", () => {
    expect(sortOptions(true).map((s) => s.label)).toEqual([
      "Best match",
      "Ending soonest",
      "Newly listed",
      "Lowest price",
      "Highest price",
      "Most bids",
    ]);
    expect(sortOptions(false).map((s) => s.value)).not.toContain("relevance");
  });

  it("shows each category's count, none where search counted none", () => {
    const counts = categoryCounts({ art: 3, collectibles: 1 });
    expect(categoryChoices(counts).slice(0, 3)).toEqual([
      { value: "art", label: "Art (3)" },
      { value: "books", label: "Books (0)" },
      { value: "collectibles", label: "Collectibles (1)" },
    ]);
    expect(categoryChoices(undefined)[0]).toEqual({ value: "art", label: "Art" });
  });

  it("says how many auctions match", () => {
    expect(resultCountText(0)).toBe("0 auctions found");
    expect(resultCountText(1)).toBe("1 auction found");
    expect(resultCountText(42)).toBe("42 auctions found");
  });

  it("appends a further page without repeating an auction already shown", () => {
    expect(appendHits([{ id: "a" }, { id: "b" }], [{ id: "b" }, { id: "c" }])).toEqual([{ id: "a" }, { id: "b" }, { id: "c" }]);
  });
});
