import { SearchHit, SearchQuery } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { misspell, QUERY_KINDS, queryMix, queryString, random, seedDocuments } from "../../src/search-data.js";

const NOW = Date.parse("2026-11-29T12:00:00Z");

describe("seeded listings", () => {
  const docs = [...seedDocuments(2_000, 11, NOW)];

  it("are listings search could have projected (the contracts' SearchHit), with unique ids", () => {
    for (const doc of docs) expect(() => SearchHit.parse(doc)).not.toThrow();
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
  });

  it("are the same for the same seed", () => {
    expect([...seedDocuments(50, 11, NOW)]).toEqual(docs.slice(0, 50));
    expect([...seedDocuments(50, 12, NOW)]).not.toEqual(docs.slice(0, 50));
  });

  it("are mostly live, scheduled or ended, with times that fit the status", () => {
    const share = (status: string) => docs.filter((d) => d.status === status).length / docs.length;
    expect(share("live")).toBeGreaterThan(0.35);
    expect(share("scheduled")).toBeGreaterThan(0.15);
    for (const d of docs) {
      expect(Date.parse(d.endsAt)).toBeGreaterThan(Date.parse(d.startsAt));
      if (d.status === "live") expect(Date.parse(d.endsAt)).toBeGreaterThan(NOW);
      if (d.status === "scheduled") expect(Date.parse(d.startsAt)).toBeGreaterThan(NOW);
      if (d.status === "sold") expect(Date.parse(d.endsAt)).toBeLessThan(NOW);
      expect(d.currentPrice).toBeGreaterThanOrEqual(d.startingPrice);
    }
    expect(new Set(docs.map((d) => d.title)).size).toBeGreaterThan(docs.length / 2);
  });
});

describe("the query mix", () => {
  const mix = queryMix(500, 12);

  it("is every kind in its share, each a query the gateway accepts", () => {
    for (const [kind, share] of Object.entries(QUERY_KINDS)) {
      expect(mix.filter((m) => m.kind === kind).length).toBe(Math.round(share * 500));
    }
    for (const { query } of mix)
      expect(SearchQuery.safeParse(Object.fromEntries(new URLSearchParams(queryString(query)))).success).toBe(true);
    expect(queryMix(500, 12)).toEqual(mix);
  });

  it("misspells a word by one edit past its second letter", () => {
    const rng = random(1);
    for (let i = 0; i < 200; i++) {
      const typo = misspell(rng, "chandelier");
      expect(typo).not.toBe("chandelier");
      expect(typo.slice(0, 2)).toBe("ch");
      expect(Math.abs(typo.length - "chandelier".length)).toBeLessThanOrEqual(1);
      expect(misspell(rng, "dresser")).not.toBe("dresser");
    }
  });
});
