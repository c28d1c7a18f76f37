import { MAX_AMOUNT } from "@auction-mesh/contracts";
import { formatMoney, parseMoney } from "./money";

export type AmountResult = { cents: number } | { error: string; empty?: true };

/**
 * An amount a seller typed in dollars, as cents within the contract's bounds (`Amount`), or
 * a message in words. `empty` tells a blank box from a wrong one.
 */
export function parseAmount(text: string, message = "Enter an amount in dollars, like 20 or 19.99."): AmountResult {
  if (text.trim() === "") return { error: message, empty: true };
  const cents = parseMoney(text);
  if (cents === undefined) return { error: message };
  if (cents > MAX_AMOUNT) return { error: `Enter at most ${formatMoney(MAX_AMOUNT)}.` };
  return { cents };
}
