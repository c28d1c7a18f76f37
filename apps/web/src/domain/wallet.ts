import { MAX_TOP_UP, type StatementLine } from "@auction-mesh/contracts";
import { formatMoney, parseMoney } from "./money";

/** What the top-up box holds, as cents, or the message to show. Pure, so it is unit-tested. */
export function topUpAmount(text: string): { amount: number } | { error: string } {
  const amount = parseMoney(text);
  if (amount === undefined) return { error: "Enter an amount in dollars, like 50 or 12.50." };
  if (amount <= 0) return { error: "Enter an amount above $0.00." };
  if (amount > MAX_TOP_UP) return { error: `One top-up adds at most ${formatMoney(MAX_TOP_UP)}.` };
  return { amount };
}

const accountNames: Record<StatementLine["account"], string> = {
  available: "Available",
  held: "Held",
  "seller-payable": "Owed to you",
};

/** A statement line's account, in words. */
export const accountName = (line: StatementLine) => accountNames[line.account];

/** "+$12.00" / "−$3.00": the sign spelled out, so colour is never the only cue. */
export function signedMoney(amount: number): string {
  return `${amount < 0 ? "−" : "+"}${formatMoney(Math.abs(amount))}`;
}

/** Why a top-up failed, in words a person can act on. */
export function topUpError(code: string, message: string): string {
  switch (code) {
    case "WALLET_LIMIT":
      return "Your wallet cannot hold that much. Try a smaller amount.";
    case "UNAUTHENTICATED":
    case "TOKEN_INVALID":
      return "Your session has ended. Sign in again.";
    case "NETWORK":
      return "Could not reach the server. Your top-up may or may not have gone through: try again and it will not be added twice.";
    default:
      return message;
  }
}
