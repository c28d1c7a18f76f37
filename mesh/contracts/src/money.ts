import { z } from "zod";

/** Money is an integer number of minor units (cents) so sums and comparisons are exact. */
export const MinorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export type MinorUnits = z.infer<typeof MinorUnits>;

/**
 * The largest amount anyone may enter (a bid, a maximum, a price, a reserve, an increment):
 * 10^12 minor units, ten billion of a currency with cents. Everything the rules compute from
 * entered amounts (a price plus an increment, a reserve lift) stays below 2 × 10^12, far inside
 * MinorUnits, so an accepted amount can never produce a price or event its contracts reject.
 */
export const MAX_AMOUNT = 1_000_000_000_000;

/** An amount a person enters: exact, and bounded with room for the increments added to it. */
export const Amount = z.number().int().nonnegative().max(MAX_AMOUNT, `at most ${MAX_AMOUNT} minor units`);
export type Amount = z.infer<typeof Amount>;

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 123456 -> "$1,234.56": how every screen and e-mail shows minor units. */
export function formatMoney(cents: number): string {
  return usd.format(cents / 100);
}
