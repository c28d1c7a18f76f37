import { MAX_AMOUNT } from "@auction-mesh/contracts";
import { centsToInput, formatMoney, parseMoney } from "./money";

/** A price range as typed into the list's two boxes (dollars). */
export interface PriceRangeText {
  min: string;
  max: string;
}

/** The range in cents (an empty box is no bound), or what to say next to each box. */
export type PriceRangeCheck =
  | { ok: true; minPrice: number | undefined; maxPrice: number | undefined }
  | { ok: false; errors: { min?: string; max?: string } };

export const NOT_AN_AMOUNT = "Enter dollars, like 10 or 10.50.";
export const TOO_LARGE = `Enter at most ${formatMoney(MAX_AMOUNT)}.`;
export const MAX_BELOW_MIN = "The max price must not be below the min price.";

/** One box: empty is no bound; otherwise an amount the search accepts. */
function checkBound(text: string): { cents: number | undefined; error?: string } {
  if (text.trim() === "") return { cents: undefined };
  const cents = parseMoney(text);
  if (cents === undefined) return { cents, error: NOT_AN_AMOUNT };
  if (cents > MAX_AMOUNT) return { cents: undefined, error: TOO_LARGE };
  return { cents };
}

/** What the person typed, checked: a range to search with, or an inline message per box. */
export function checkPriceRange(text: PriceRangeText): PriceRangeCheck {
  const min = checkBound(text.min);
  const max = checkBound(text.max);
  if (min.error || max.error)
    return { ok: false, errors: { ...(min.error ? { min: min.error } : {}), ...(max.error ? { max: max.error } : {}) } };
  if (min.cents !== undefined && max.cents !== undefined && min.cents > max.cents) return { ok: false, errors: { max: MAX_BELOW_MIN } };
  return { ok: true, minPrice: min.cents, maxPrice: max.cents };
}

/** Cents as a person would type them: 1000 -> "10", 1050 -> "10.50"; no bound -> "". */
export function dollarsText(cents: number | undefined): string {
  if (cents === undefined) return "";
  return cents % 100 === 0 ? String(cents / 100) : centsToInput(cents);
}
