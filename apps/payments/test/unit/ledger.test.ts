import { MAX_WALLET_BALANCE } from "@auction-mesh/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountId,
  Accounts,
  capture,
  hold,
  type JournalEntry,
  post,
  release,
  topUp,
  unbalanced,
  walletSide,
} from "../../src/domain/ledger.js";
import { settlementAmounts, settlementEntries } from "../../src/domain/settlement.js";

/** Posts in order, skipping refusals; answers the balances and what was refused. */
function replay(entries: JournalEntry[]) {
  const balances = new Map<AccountId, number>();
  const refused: string[] = [];
  for (const entry of entries) {
    const result = post(balances, entry);
    if ("refused" in result) refused.push(result.refused.code);
    else for (const [account, balance] of result.balances) balances.set(account, balance);
  }
  return { balances, refused };
}

describe("journal entries", () => {
  it("a top-up brings money from the processor into the wallet", () => {
    const { balances } = replay([topUp("ann", 5000, "sandbox", "t1")]);
    expect(balances.get(Accounts.available("ann"))).toBe(5000);
    expect(balances.get(Accounts.processor("sandbox"))).toBe(-5000);
  });

  it("a hold moves money from available to held, a release moves it back", () => {
    const { balances } = replay([
      topUp("ann", 5000, "sandbox", "t1"),
      hold("ann", 3000, "h1", "won lot"),
      release("ann", 1000, "r1", "part back"),
    ]);
    expect(balances.get(Accounts.available("ann"))).toBe(3000);
    expect(balances.get(Accounts.held("ann"))).toBe(2000);
  });

  it("a capture pays the seller the held money less the platform's fee", () => {
    const { balances } = replay([
      topUp("ann", 11_000, "sandbox", "t1"),
      hold("ann", 11_000, "h1", "won lot"),
      capture({ buyerId: "ann", sellerId: "sam", amount: 11_000, fee: 550 }, "c1", "sale"),
    ]);
    expect(balances.get(Accounts.held("ann"))).toBe(0);
    expect(balances.get(Accounts.sellerPayable("sam"))).toBe(10_450);
    expect(balances.get(Accounts.platformFees)).toBe(550);
  });

  it("leaves a zero share out of a capture (a 100 % fee), so the entry still posts", () => {
    const { balances, refused } = replay([
      topUp("ann", 500, "sandbox", "t1"),
      hold("ann", 500, "h1", "won lot"),
      capture({ buyerId: "ann", sellerId: "sam", amount: 500, fee: 500 }, "c1", "sale"),
    ]);
    expect(refused).toEqual([]);
    expect(balances.get(Accounts.sellerPayable("sam"))).toBeUndefined();
    expect(balances.get(Accounts.platformFees)).toBe(500);
  });

  it("lets what a seller is owed grow past the wallet limit, which caps only spendable money", () => {
    const buyers = ["ann", "bob"];
    const entries = buyers.flatMap((b) => [
      topUp(b, MAX_WALLET_BALANCE, "sandbox", `t-${b}`),
      hold(b, MAX_WALLET_BALANCE, `h-${b}`, "won lot"),
      capture({ buyerId: b, sellerId: "sam", amount: MAX_WALLET_BALANCE, fee: 0 }, `c-${b}`, "sale"),
    ]);
    const { balances, refused } = replay(entries);
    expect(refused).toEqual([]);
    expect(balances.get(Accounts.sellerPayable("sam"))).toBe(2 * MAX_WALLET_BALANCE);
  });

  it("refuses to hold more than is available, and changes nothing", () => {
    const { balances, refused } = replay([topUp("ann", 1000, "sandbox", "t1"), hold("ann", 1001, "h1", "won lot")]);
    expect(refused).toEqual(["INSUFFICIENT_FUNDS"]);
    expect(balances.get(Accounts.available("ann"))).toBe(1000);
    expect(balances.get(Accounts.held("ann"))).toBeUndefined();
  });

  it("refuses a top-up that would take a wallet past its limit, counting held money", () => {
    const { refused } = replay([
      topUp("ann", MAX_WALLET_BALANCE - 10, "sandbox", "t1"),
      hold("ann", 100, "h1", "won lot"),
      topUp("ann", 11, "sandbox", "t2"),
    ]);
    expect(refused).toEqual(["WALLET_LIMIT"]);
  });

  it("refuses an entry that does not balance, has a zero or fractional posting, or names an account twice", () => {
    const entry = (postings: JournalEntry["postings"]): JournalEntry => ({ kind: "top-up", reference: "x", description: "x", postings });
    expect(
      unbalanced(
        entry([
          { account: "a", amount: 5 },
          { account: "b", amount: -4 },
        ]),
      ),
    ).toMatch(/sum to 1/);
    expect(
      unbalanced(
        entry([
          { account: "a", amount: 0 },
          { account: "b", amount: 0 },
        ]),
      ),
    ).toMatch(/non-zero/);
    expect(
      unbalanced(
        entry([
          { account: "a", amount: 0.5 },
          { account: "b", amount: -0.5 },
        ]),
      ),
    ).toMatch(/whole number/);
    expect(
      unbalanced(
        entry([
          { account: "a", amount: 5 },
          { account: "a", amount: -5 },
        ]),
      ),
    ).toMatch(/twice/);
    expect(post(new Map(), entry([{ account: "a", amount: 5 }]))).toEqual({ refused: { code: "UNBALANCED", message: expect.any(String) } });
  });

  it("names the wallet and side of wallet accounts only", () => {
    expect(walletSide(Accounts.held("user:1"))).toEqual({ ownerId: "user:1", side: "held" });
    expect(walletSide(Accounts.platformFees)).toBeUndefined();
    expect(walletSide(Accounts.processor("sandbox"))).toBeUndefined();
  });
});

const owners = ["ann", "bob", "cy"];
const amount = fc.integer({ min: 1, max: 2 * 10 ** 9 });
const owner = fc.constantFrom(...owners);
const operation = fc.oneof(
  fc.record({ op: fc.constant("top-up" as const), owner, amount }),
  fc.record({ op: fc.constant("hold" as const), owner, amount }),
  fc.record({ op: fc.constant("release" as const), owner, amount }),
  fc.record({ op: fc.constant("capture" as const), owner, seller: owner, amount, feePercent: fc.integer({ min: 0, max: 100 }) }),
);

describe("the books, for any sequence of top-ups, holds, captures and releases", () => {
  it("balance, and no wallet account ever goes below zero", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (ops) => {
        const entries = ops.map((o, i): JournalEntry => {
          if (o.op === "top-up") return topUp(o.owner, o.amount, "sandbox", `r${i}`);
          if (o.op === "hold") return hold(o.owner, o.amount, `r${i}`, "hold");
          if (o.op === "release") return release(o.owner, o.amount, `r${i}`, "release");
          const fee = Math.floor((o.amount * o.feePercent) / 100);
          return capture({ buyerId: o.owner, sellerId: o.seller, amount: o.amount, fee }, `r${i}`, "sale");
        });
        const { balances } = replay(entries);
        let total = 0;
        for (const [account, balance] of balances) {
          total += balance;
          if (walletSide(account)) expect(balance).toBeGreaterThanOrEqual(0);
        }
        expect(total).toBe(0);
        // Money in equals what the wallets, sellers and platform hold.
        const broughtIn = 0 - (balances.get(Accounts.processor("sandbox")) ?? 0);
        const held = [...balances].filter(([a]) => a !== Accounts.processor("sandbox")).reduce((s, [, b]) => s + b, 0);
        expect(held).toBe(broughtIn);
      }),
      { numRuns: 300 },
    );
  });
});

describe("settlement amounts", () => {
  it("add the buyer's premium and take the platform's fee, rounding down", () => {
    expect(settlementAmounts(10_005, { buyersPremiumBps: 1_000, platformFeeBps: 500 })).toEqual({
      hammerPrice: 10_005,
      buyersPremium: 1_000,
      total: 11_005,
      platformFee: 500,
      sellerProceeds: 9_505,
    });
  });

  it("stay exact for the largest prices", () => {
    const hammer = 2 * MAX_WALLET_BALANCE + 1;
    const amounts = settlementAmounts(hammer, { buyersPremiumBps: 9_999, platformFeeBps: 9_999 });
    expect(amounts.buyersPremium).toBe(Number((BigInt(hammer) * 9_999n) / 10_000n));
    expect(amounts.total).toBe(hammer + amounts.buyersPremium);
  });

  it("hold and capture a sale with entries that balance, each with a reference of its own", () => {
    const sale = {
      auctionId: "a1",
      buyerId: "ann",
      sellerId: "sam",
      amounts: settlementAmounts(10_000, { buyersPremiumBps: 1_000, platformFeeBps: 500 }),
    };
    const { balances, refused } = replay([
      topUp("ann", 11_000, "sandbox", "t"),
      settlementEntries.hold(sale),
      settlementEntries.capture(sale),
    ]);
    expect(refused).toEqual([]);
    expect(balances.get(Accounts.sellerPayable("sam"))).toBe(9_500);
    expect(balances.get(Accounts.platformFees)).toBe(1_500);
    expect(balances.get(Accounts.held("ann"))).toBe(0);
    expect(new Set(Object.values(settlementEntries).map((e) => e(sale).reference)).size).toBe(3);
  });
});
