import { describe, expect, it } from "vitest";
import {
  addTierRow,
  describeIncrementRule,
  firstTier,
  incrementFormFrom,
  MAX_TIERS,
  parseIncrementRule,
  removeTierRow,
  sameIncrementRule,
} from "../../src/domain/increment-rule";

describe("bid steps on the seller's form", () => {
  it("a fixed step in dollars", () => {
    expect(parseIncrementRule({ incrementMode: "fixed", increment: "0.50", tiers: [] })).toEqual({
      rule: { kind: "fixed", amount: 50 },
      errors: {},
    });
    expect(parseIncrementRule({ incrementMode: "fixed", increment: "0", tiers: [] }).errors).toEqual({
      increment: "Enter the bid step in dollars, like 1 or 0.50.",
    });
  });

  it("steps by price: the first row is fixed at $0.00 whatever the box says", () => {
    const result = parseIncrementRule({ incrementMode: "tiered", increment: "", tiers: [{ key: 0, from: "12", amount: "2" }] });
    expect(result.rule).toEqual({ kind: "tiered", tiers: [{ from: 0, amount: 200 }] });
  });

  it("rows must go up by price: a row at the same price as the one before is refused", () => {
    const tiers = [firstTier("1"), { key: 1, from: "0", amount: "2" }];
    expect(parseIncrementRule({ incrementMode: "tiered", increment: "", tiers }).errors).toEqual({
      "tiers.1.from": "Enter a price above the row before ($0.00).",
    });
  });

  it("a wrong row still bounds the next by the last good start", () => {
    const tiers = [
      firstTier("1"),
      { key: 1, from: "100", amount: "2" },
      { key: 2, from: "abc", amount: "3" },
      { key: 3, from: "50", amount: "4" },
    ];
    expect(Object.keys(parseIncrementRule({ incrementMode: "tiered", increment: "", tiers }).errors)).toEqual([
      "tiers.2.from",
      "tiers.3.from",
    ]);
  });

  it("adds rows with new keys (up to the contract's 100) and never removes the first", () => {
    let rows = [firstTier()];
    rows = addTierRow(addTierRow(rows));
    expect(rows.map((r) => r.key)).toEqual([0, 1, 2]);
    rows = removeTierRow(rows, 1);
    expect(rows.map((r) => r.key)).toEqual([0, 2]);
    expect(addTierRow(rows).at(-1)?.key).toBe(3);
    expect(removeTierRow(rows, 0)).toBe(rows);
    const full = Array.from({ length: MAX_TIERS }, (_, key) => ({ key, from: "", amount: "" }));
    expect(addTierRow(full)).toBe(full);
  });

  it("fills the form from a rule, and describes and compares rules", () => {
    const tiered = {
      kind: "tiered" as const,
      tiers: [
        { from: 0, amount: 100 },
        { from: 10_000, amount: 500 },
      ],
    };
    expect(incrementFormFrom({ kind: "fixed", amount: 250 })).toEqual({
      incrementMode: "fixed",
      increment: "2.50",
      tiers: [firstTier("2.50")],
    });
    expect(incrementFormFrom(tiered).tiers.map((t) => [t.from, t.amount])).toEqual([
      ["0.00", "1.00"],
      ["100.00", "5.00"],
    ]);
    expect(describeIncrementRule({ kind: "fixed", amount: 250 })).toBe("Step $2.50");
    expect(describeIncrementRule(tiered)).toBe("Steps $1.00 from $0.00, $5.00 from $100.00");
    expect(sameIncrementRule(tiered, structuredClone(tiered))).toBe(true);
    expect(sameIncrementRule(tiered, { kind: "fixed", amount: 100 })).toBe(false);
    expect(sameIncrementRule({ kind: "fixed", amount: 100 }, { kind: "fixed", amount: 100 })).toBe(true);
  });
});
