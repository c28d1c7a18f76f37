import { describe, expect, it } from "vitest";
import { filtersFromSearch, filtersToSearch } from "../../src/domain/listing-filters";
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
    expect(matchRoute(paths.wallet)).toEqual({ page: "wallet" });
    expect(matchRoute(paths.myBids)).toEqual({ page: "my-bids" });
    expect(matchRoute(paths.watchlist)).toEqual({ page: "watchlist" });
    expect(matchRoute(paths.won)).toEqual({ page: "won" });
    expect(matchRoute("/auctions/a/b")).toEqual({ page: "not-found" });
    expect(matchRoute("/nope")).toEqual({ page: "not-found" });
  });

  it("builds links that match back", () => {
    expect(matchRoute(paths.auction("x_1"))).toEqual({ page: "auction", auctionId: "x_1" });
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
  it("round-trips search, category and status", () => {
    const filters = { q: "camera", category: "electronics", status: "live" } as const;
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersToSearch({ q: " ", category: "", status: "" })).toBe("");
  });

  it("drops values that are not a category or status", () => {
    expect(filtersFromSearch("?category=cars&status=paid&q=x")).toEqual({ q: "x", category: "", status: "" });
  });
});
