import { formatMoney } from "./money";

/** What became of one bid, whichever way it travelled (socket ack or REST answer). */
export type BidOutcome =
  | { kind: "accepted"; leading: boolean; sequence: number; currentPrice: number; minimumNextBid: number; endsAt: string }
  | { kind: "rejected"; code: string; message: string; minimumNextBid?: number };

/** A bid's answer as the form shows it. `leading`: it said "highest bid", true until the price passes `amount`. */
export interface BidResultNote {
  tone: "error" | "success";
  text: string;
  amount: number;
  leading: boolean;
}

/**
 * Whether the form's message described a situation that is gone now that `leaderId` leads:
 * every refusal ("already the highest bidder", "too low") and any confirmation once someone
 * else leads. Taking the lead oneself keeps one's own confirmation.
 */
export function staleAfterLeaderChange(note: BidResultNote | null, leaderId: string | null, myId: string): boolean {
  if (!note) return false;
  return note.tone === "error" || leaderId !== myId;
}

/**
 * One clear sentence per rejection code: people should learn what happened and what to do
 * next, not read the server's wording. Unknown codes fall back to the server's message.
 */
export function rejectionMessage(outcome: { code: string; message: string; minimumNextBid?: number }): string {
  switch (outcome.code) {
    case "BID_TOO_LOW":
      return outcome.minimumNextBid !== undefined
        ? `Your bid is too low. The minimum bid is now ${formatMoney(outcome.minimumNextBid)}.`
        : "Your bid is too low. Enter at least the minimum bid.";
    case "ALREADY_LEADING":
      return "You're already the highest bidder — no need to bid against yourself.";
    case "SELLER_CANNOT_BID":
      return "You can't bid on your own auction.";
    case "AUCTION_CLOSED":
      return "Bidding has closed for this auction.";
    case "AUCTION_NOT_FOUND":
      return "This auction isn't open for bidding.";
    case "RATE_LIMITED":
      return "You're bidding too fast. Wait a moment, then try again.";
    case "UNAUTHENTICATED":
    case "NOT_SIGNED_IN":
    case "TOKEN_INVALID":
    case "TOKEN_EXPIRED":
      return "Your session has ended. Sign in again to bid.";
    case "FORBIDDEN":
      return "Your account isn't allowed to bid.";
    case "VALIDATION_FAILED":
      return `That bid isn't valid: ${outcome.message}`;
    case "NETWORK":
      return "Your bid could not be sent. Check your connection and try again.";
    default:
      return outcome.message || "Your bid was not accepted.";
  }
}

/** The confirmation shown after an accepted bid. */
export function acceptedMessage(outcome: { leading: boolean; currentPrice: number }, amount: number): string {
  return outcome.leading
    ? `Your bid of ${formatMoney(amount)} is the highest bid.`
    : `Your bid of ${formatMoney(amount)} was placed, but another bidder's auto-bid is higher (now ${formatMoney(outcome.currentPrice)}).`;
}
