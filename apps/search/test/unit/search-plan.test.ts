import { SearchQuery } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { hasWords, sortOf, UNSEARCHABLE_STATUSES } from "../../src/domain/search-plan.js";
import { meiliFilter } from "../../src/engines/meilisearch-engine.js";

describe("planning a search", () => {
  it("tells words from symbols", () => {
    expect(hasWords("%")).toBe(false);
    expect(hasWords("_ -")).toBe(false);
    expect(hasWords("100%")).toBe(true);
    expect(hasWords("Straße")).toBe(true);
  });

  it("sorts by relevance with text and by ending soonest without", () => {
    expect(sortOf(SearchQuery.parse({ q: "clock" }))).toBe("relevance");
    expect(sortOf(SearchQuery.parse({}))).toBe("ending-soonest");
    expect(sortOf(SearchQuery.parse({ sort: "relevance" }))).toBe("ending-soonest");
    expect(sortOf(SearchQuery.parse({ q: "clock", sort: "newest" }))).toBe("newest");
  });

  it("quotes every value in Meilisearch's filter language, so a seller id cannot change the filter", () => {
    const filter = meiliFilter(SearchQuery.parse({ seller: 'x" OR status = "draft', category: "art", minPrice: "100", maxPrice: 900 }));
    expect(filter).toEqual([
      'status IN ["scheduled", "live", "closed", "sold", "unsold"]',
      'category = "art"',
      'sellerId = "x\\" OR status = \\"draft"',
      "currentPrice >= 100",
      "currentPrice <= 900",
    ]);
  });

  it("refuses control characters, over-long text, unknown fields and a price range upside down", () => {
    expect(SearchQuery.safeParse({ q: "a\u0000b" }).success).toBe(false);
    expect(SearchQuery.safeParse({ q: "x".repeat(201) }).success).toBe(false);
    expect(SearchQuery.safeParse({ colour: "red" }).success).toBe(false);
    expect(SearchQuery.safeParse({ minPrice: 500, maxPrice: 100 }).success).toBe(false);
    expect(SearchQuery.safeParse({ minPrice: "9007199254740993" }).success).toBe(false);
  });
});

describe("what search never shows", () => {
  it("is every listing status the contract does not call searchable: drafts and cancelled ones", () => {
    expect([...UNSEARCHABLE_STATUSES].sort()).toEqual(["cancelled", "draft"]);
  });
});
