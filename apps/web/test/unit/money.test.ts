import { describe, expect, it } from "vitest";
import { centsToInput, formatMoney, parseMoney } from "../../src/domain/money";

describe("money in cents", () => {
  it("formats cents as US dollars", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(5)).toBe("$0.05");
    expect(formatMoney(0)).toBe("$0.00");
  });

  it("pre-fills inputs with two decimals", () => {
    expect(centsToInput(1250)).toBe("12.50");
    expect(centsToInput(100000)).toBe("1000.00");
  });

  it("parses what people type into exact cents", () => {
    expect(parseMoney("12")).toBe(1200);
    expect(parseMoney("12.5")).toBe(1250);
    expect(parseMoney("0.29")).toBe(29);
    expect(parseMoney(" $1,234.56 ")).toBe(123456);
  });

  it("refuses what is not an amount", () => {
    for (const text of ["", "abc", "12.345", "-5", "1e3", "12..5", "$"]) expect(parseMoney(text), text).toBeUndefined();
  });
});
