import { describe, expect, it } from "vitest";
import {
  draftOf,
  effectiveSort,
  filtersFromSearch,
  filtersToSearch,
  type ListingFilters,
  NO_FILTERS,
  RESTORABLE_PAGES,
  searchQueryFor,
  syncDraft,
  withDraft,
} from "../../src/domain/listing-filters";
import { MAX_BELOW_MIN, NOT_AN_AMOUNT } from "../../src/domain/price-range";
import { matchRoute, paths, safeReturnTo } from "../../src/routing/routes";

describe("routes", () => {
  it("matches every page", () => {
    expect(matchRoute("/")).toEqual({ page: "auctions" });
    expect(matchRoute("/auctions/")).toEqual({ page: "auctions" });
    expect(matchRoute("/auctions/abc-123")).toEqual({ page: "auction", auctionId: "abc-123" });
    expect(matchRoute("/sign-in")).toEqual({ page: "sign-in" });
    expect(matchRoute("/sign-up")).toEqual({ page: "sign-up" });
    expect(matchRoute("/sell")).toEqual({ page: "sell" });
    expect(matchRoute(paths.deadLetters)).toEqual({ page: "dead-letters" });
    expect(matchRoute("/admin/audit")).toEqual({ page: "audit", auctionId: null });
    expect(matchRoute("/admin/audit/abc-123/")).toEqual({ page: "audit", auctionId: "abc-123" });
    expect(matchRoute("/admin/audit/a/b")).toEqual({ page: "not-found" });
    expect(matchRoute(paths.wallet)).toEqual({ page: "wallet" });
    expect(matchRoute(paths.myBids)).toEqual({ page: "my-bids" });
    expect(matchRoute(paths.watchlist)).toEqual({ page: "watchlist" });
    expect(matchRoute(paths.won)).toEqual({ page: "won" });
    expect(matchRoute("/auctions/a/b")).toEqual({ page: "not-found" });
    expect(matchRoute("/nope")).toEqual({ page: "not-found" });
  });

  it("builds links that match back", () => {
    expect(matchRoute(paths.auction("x_1"))).toEqual({ page: "auction", auctionId: "x_1" });
    expect(matchRoute(paths.audit("x_1"))).toEqual({ page: "audit", auctionId: "x_1" });
    expect(matchRoute(paths.audit())).toEqual({ page: "audit", auctionId: null });
    expect(paths.signIn("/auctions/x")).toBe("/sign-in?returnTo=%2Fauctions%2Fx");
  });

  it("only returns to paths on this site after signing in", () => {
    expect(safeReturnTo("/auctions/x")).toBe("/auctions/x");
    expect(safeReturnTo("//evil.example")).toBe("/");
    expect(safeReturnTo("https://evil.example")).toBe("/");
    expect(safeReturnTo(null)).toBe("/");
  });
});

describe("list filters in the URL", () => {
  const every: ListingFilters = {
    q: "tin robot",
    category: "collectibles",
    status: "live",
    minPrice: 1000,
    maxPrice: 1050,
    sort: "price-asc",
    page: 3,
  };

  it("round-trips words, category, status, price range, sort and page", () => {
    expect(filtersToSearch(every)).toBe("?q=tin+robot&category=collectibles&status=live&min=10&max=10.50&sort=price-asc&page=3");
    expect(filtersFromSearch(filtersToSearch(every))).toEqual(every);
    for (const status of ["scheduled", "closed", "sold", "unsold"] as const) {
      expect(filtersFromSearch(filtersToSearch({ ...every, status }))).toEqual({ ...every, status });
    }
    expect(filtersFromSearch(filtersToSearch({ ...NO_FILTERS, minPrice: 0 }))).toEqual({ ...NO_FILTERS, minPrice: 0 });
  });

  it("leaves the defaults out of the URL", () => {
    expect(filtersToSearch(NO_FILTERS)).toBe("");
    expect(filtersToSearch({ ...NO_FILTERS, q: " " })).toBe("");
    expect(filtersFromSearch("")).toEqual(NO_FILTERS);
  });

  it("drops values the search does not take", () => {
    expect(filtersFromSearch("?category=cars&status=draft&sort=cheapest&page=0&min=abc&max=-5&q=x")).toEqual({ ...NO_FILTERS, q: "x" });
    expect(filtersFromSearch("?status=cancelled&page=1.5").status).toBe("");
    expect(filtersFromSearch("?min=20&max=10")).toMatchObject({ minPrice: undefined, maxPrice: undefined });
    expect(filtersFromSearch("?max=10000000001").maxPrice).toBeUndefined();
    expect(filtersFromSearch(`?q=${"a".repeat(300)}`).q).toHaveLength(200);
  });

  it("brings back at most ten pages from a link", () => {
    expect(filtersFromSearch("?page=500").page).toBe(RESTORABLE_PAGES);
    expect(filtersToSearch({ ...NO_FILTERS, page: 12 })).toBe(`?page=${RESTORABLE_PAGES}`);
  });

  it("sorts by best match only when there are words to match", () => {
    expect(effectiveSort({ q: "lamp", sort: "" })).toBe("relevance");
    expect(effectiveSort({ q: "", sort: "" })).toBe("ending-soonest");
    expect(effectiveSort({ q: " ", sort: "relevance" })).toBe("ending-soonest");
    expect(effectiveSort({ q: "lamp", sort: "most-bids" })).toBe("most-bids");
  });

  it("asks the search API for one page in cents, leaving empty filters out", () => {
    expect(searchQueryFor(every, 2)).toEqual({
      q: "tin robot",
      category: "collectibles",
      status: "live",
      minPrice: 1000,
      maxPrice: 1050,
      sort: "price-asc",
      page: 2,
      perPage: 20,
    });
    expect(searchQueryFor(NO_FILTERS, 1, 1)).toEqual({
      q: undefined,
      category: undefined,
      status: undefined,
      minPrice: undefined,
      maxPrice: undefined,
      sort: "ending-soonest",
      page: 1,
      perPage: 1,
    });
  });
});

describe("the list's text boxes", () => {
  const filters: ListingFilters = { ...NO_FILTERS, q: "lamp", category: "home", page: 2 };

  it("applies words and prices typed in dollars, back on the first page", () => {
    expect(withDraft(filters, { q: " brass lamp ", min: "10", max: "$10.50" })).toEqual({
      ok: true,
      changed: true,
      filters: { ...filters, q: "brass lamp", minPrice: 1000, maxPrice: 1050, page: 1 },
    });
  });

  it("keeps the same filters (and page) when nothing changed", () => {
    const result = withDraft(filters, { q: "lamp ", min: "", max: "" });
    expect(result).toEqual({ ok: true, changed: false, filters });
    expect(result.ok && result.filters).toBe(filters);
  });

  it("says what is wrong with a price instead of applying it", () => {
    expect(withDraft(filters, { q: "x", min: "ten", max: "12.345" })).toEqual({
      ok: false,
      errors: { min: NOT_AN_AMOUNT, max: NOT_AN_AMOUNT },
    });
    expect(withDraft(filters, { q: "x", min: "20", max: "10" })).toEqual({ ok: false, errors: { max: MAX_BELOW_MIN } });
  });

  it("shows the URL's value after it changed from outside, unless the box means the same", () => {
    const draft = { q: "lamp ", min: "10.5", max: "oops" };
    const url = { ...NO_FILTERS, q: "lamp", minPrice: 1050, maxPrice: 2000 };
    expect(syncDraft(draft, url, "q")).toBe(draft);
    expect(syncDraft(draft, url, "min")).toBe(draft);
    expect(syncDraft(draft, url, "max")).toEqual({ ...draft, max: "20" });
    expect(syncDraft(draft, { ...url, q: "chair" }, "q")).toEqual({ ...draft, q: "chair" });
    expect(syncDraft({ ...draft, max: "oops" }, { ...url, maxPrice: undefined }, "max")).toEqual({ ...draft, max: "" });
    expect(syncDraft({ ...draft, min: "" }, { ...url, minPrice: undefined }, "min")).toEqual({ ...draft, min: "" });
    expect(draftOf(url)).toEqual({ q: "lamp", min: "10.50", max: "20" });
  });
});
