import type { Settlement } from "@auction-mesh/contracts";
import { formatMoney } from "./money";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "soon");

/** What a settlement means for the person looking at it: one sentence, and whether they can act. */
export function settlementView(s: Settlement, myId: string): { text: string; action?: "top-up" | "accept-offer" } {
  const buyer = s.buyerId === myId;
  const seller = s.sellerId === myId;
  switch (s.status) {
    case "holding":
    case "confirming-sale":
      return { text: buyer ? `Your payment of ${formatMoney(s.total)} is being settled.` : "The buyer's payment is being settled." };
    case "awaiting-payment":
      return buyer
        ? {
            text: `Payment due: ${formatMoney(s.total)} by ${when(s.paymentDueBy)}. Add funds to your wallet and it is taken automatically.`,
            action: "top-up",
          }
        : { text: `Waiting for the winner's payment (due ${when(s.paymentDueBy)}).` };
    case "second-chance-offered":
      if (buyer) {
        return {
          text: `Second chance: the winner did not pay. Buy it for your highest bid, ${formatMoney(s.hammerPrice)} (${formatMoney(s.total)} with the buyer's premium), by ${when(s.paymentDueBy)}.`,
          action: "accept-offer",
        };
      }
      return {
        text:
          s.winnerId === myId
            ? "You did not pay in time; the lot was offered to the next bidder."
            : "The lot was offered to the runner-up.",
      };
    case "completed":
      return {
        text: seller
          ? `Sold and paid: ${formatMoney(s.sellerProceeds)} is booked to you (${formatMoney(s.hammerPrice)} less the platform fee).`
          : buyer
            ? `Paid: ${formatMoney(s.total)}. It's yours.`
            : "The lot went to another bidder.",
      };
    case "failed":
      return { text: `The sale was cancelled: ${s.failure ?? "it could not be settled"}.` };
  }
}
