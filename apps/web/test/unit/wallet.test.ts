import { MAX_TOP_UP, type StatementLine } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { accountName, signedMoney, topUpAmount, topUpError } from "../../src/domain/wallet";

describe("the top-up box", () => {
  it("takes dollars and cents as cents", () => {
    expect(topUpAmount("50")).toEqual({ amount: 5000 });
    expect(topUpAmount("$1,234.5")).toEqual({ amount: 123450 });
  });

  it("refuses what is not an amount, nothing, or more than one top-up may add", () => {
    expect(topUpAmount("ten")).toEqual({ error: expect.stringMatching(/amount in dollars/) });
    expect(topUpAmount("0")).toEqual({ error: expect.stringMatching(/above \$0\.00/) });
    expect(topUpAmount(String(MAX_TOP_UP / 100 + 1))).toEqual({ error: expect.stringMatching(/at most \$1,000,000\.00/) });
  });
});

describe("statement lines", () => {
  const line = (account: StatementLine["account"]): StatementLine => ({
    id: 1,
    entryId: "e",
    kind: "top-up",
    account,
    amount: 1,
    balanceAfter: 1,
    description: "d",
    at: "2026-11-27T12:00:00.000Z",
  });

  it("name the account in words and spell out the sign", () => {
    expect(accountName(line("seller-payable"))).toBe("Owed to you");
    expect(signedMoney(1250)).toBe("+$12.50");
    expect(signedMoney(-300)).toBe("−$3.00");
  });
});

describe("top-up errors", () => {
  it("tell a person what to do, and that a retry never adds twice", () => {
    expect(topUpError("WALLET_LIMIT", "x")).toMatch(/smaller amount/);
    expect(topUpError("NETWORK", "x")).toMatch(/will not be added twice/);
    expect(topUpError("VALIDATION_FAILED", "Invalid body")).toBe("Invalid body");
  });
});
