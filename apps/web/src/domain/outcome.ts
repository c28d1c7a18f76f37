import { bidderLabel } from "./bidder-label";
import { formatMoney } from "./money";
import type { RoomOutcome } from "./room-state";

/** How an auction ended, from the viewer's point of view: "You won!", "No sale", "Sold to Bidder 3f2a". */
export function outcomeText(outcome: RoomOutcome, myId: string | null, hadBids: boolean): { title: string; detail: string } {
  if (outcome.winnerId === null) {
    return {
      title: "No sale",
      detail: hadBids && !outcome.reserveMet ? "Bidding ended below the reserve price." : "The auction ended without bids.",
    };
  }
  const price = outcome.finalPrice === null ? "" : ` for ${formatMoney(outcome.finalPrice)}`;
  if (outcome.winnerId === myId) return { title: "You won!", detail: `You won this auction${price}.` };
  return { title: `Sold to ${bidderLabel(outcome.winnerId, myId)}`, detail: `Sold${price}.` };
}
