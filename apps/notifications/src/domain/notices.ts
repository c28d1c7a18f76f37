/**
 * What each event tells whom. Pure: no Prisma, no Dapr. A notice names its fact (`dedupeKey`):
 * a redelivered event makes the same keys, and the store keeps one notification per key and person.
 */
import { type AuctionEvent, formatMoney, type NotificationKind, type SettlementEvent } from "@auction-mesh/contracts";

/** The lot an auction sells, from the catalogue; undefined for auctions opened without a listing. */
export interface Lot {
  title: string;
  sellerId: string;
  /** The end the catalogue scheduled (anti-sniping may move it later). */
  endsAt: string;
}

/**
 * Told to every bidder and watcher once per auction, `leadMs` before its end (a scheduler job).
 * A watcher who also bid hears it as a bidder.
 */
export function endingSoonNotices(
  auctionId: string,
  lot: Lot | undefined,
  people: { bidders: readonly string[]; watchers: readonly string[] },
  leadMs: number,
): Notice[] {
  const name = lotName(auctionId, lot);
  const span = leadMs < 60_000 ? `${Math.round(leadMs / 1000)} seconds` : `${Math.round(leadMs / 60_000)} minutes`;
  const bidders = new Set(people.bidders);
  const notice = (recipientId: string, body: string): Notice => ({
    recipientId,
    kind: "ending-soon",
    auctionId,
    dedupeKey: `${auctionId}:ending-soon`,
    title: `${name} ends in ${span}`,
    body,
    link: links.auction(auctionId),
  });
  return [
    ...[...bidders].map((id) => notice(id, "Bids in the last moments extend it; check you still lead.")),
    ...people.watchers.filter((id) => !bidders.has(id)).map((id) => notice(id, "You are watching it: bid now if you want it.")),
  ];
}

export interface Notice {
  recipientId: string;
  kind: NotificationKind;
  auctionId: string;
  dedupeKey: string;
  title: string;
  body: string;
  /** A path of the web app. */
  link: string;
  /** Folded into the person's unread notice of the same kind and auction, if there is one. */
  coalesce?: boolean;
}

export const links = {
  auction: (auctionId: string) => `/auctions/${encodeURIComponent(auctionId)}`,
  wallet: "/wallet",
};

const lotName = (auctionId: string, lot: Lot | undefined) => (lot ? `“${lot.title}”` : `auction ${auctionId}`);

/** Notices from one of bidding's events; `bidders` are everyone who bid on the auction. */
export function auctionNotices(event: AuctionEvent, lot: Lot | undefined, bidders: readonly string[]): Notice[] {
  const { auctionId } = event;
  const name = lotName(auctionId, lot);
  const notice = (recipientId: string, kind: NotificationKind, title: string, body: string): Notice => ({
    recipientId,
    kind,
    auctionId,
    dedupeKey: `${auctionId}:${event.sequence}:${kind}`,
    title,
    body,
    link: links.auction(auctionId),
  });
  switch (event.type) {
    case "outbid":
      return [
        {
          ...notice(
            event.bidderId,
            "outbid",
            `You were outbid on ${name}`,
            `The price is now ${formatMoney(event.currentPrice)}. Bid again to lead.`,
          ),
          coalesce: true,
        },
      ];
    case "auction-closed": {
      const { winnerId, finalPrice } = event;
      if (winnerId === null || finalPrice === null) {
        const losers = bidders.map((b) =>
          notice(
            b,
            "lost",
            `${name} ended without a sale`,
            event.reserveMet ? "Nobody won it." : "The reserve price was not met, so nobody won it.",
          ),
        );
        const seller = lot
          ? [
              notice(
                lot.sellerId,
                "no-sale",
                `${name} ended without a sale`,
                event.reserveMet ? "It closed with no bids." : "Bidding did not reach your reserve price.",
              ),
            ]
          : [];
        return [...seller, ...losers];
      }
      const price = formatMoney(finalPrice);
      return [
        notice(
          winnerId,
          "won",
          `You won ${name}`,
          `Your bid of ${price} won. Payment is taken from your wallet; you will hear from us when it is settled.`,
        ),
        ...(lot
          ? [
              notice(
                lot.sellerId,
                "sold",
                `${name} sold for ${price}`,
                "The buyer's payment is being settled; your payout follows once it is.",
              ),
            ]
          : []),
        ...bidders
          .filter((b) => b !== winnerId)
          .map((b) => notice(b, "lost", `${name} was won by another bidder`, `It sold for ${price}.`)),
      ];
    }
    default:
      return [];
  }
}

/** Notices from one of payments' settlement events. */
export function settlementNotices(event: SettlementEvent, lot: Lot | undefined): Notice[] {
  const name = lotName(event.auctionId, lot);
  const notice = (role: "buyer" | "seller" | "winner", kind: NotificationKind, title: string, body: string, link: string): Notice => ({
    recipientId:
      role === "seller" ? event.sellerId : role === "winner" && event.type === "second-chance-offer" ? event.winnerId : event.buyerId,
    kind,
    auctionId: event.auctionId,
    dedupeKey: `${event.eventId}:${role}`,
    title,
    body,
    link,
  });
  const room = links.auction(event.auctionId);
  switch (event.type) {
    case "payment-due":
      return [
        notice(
          "buyer",
          "payment-due",
          `Payment due for ${name}`,
          `Add ${formatMoney(event.total)} to your wallet by ${when(event.dueBy)} to complete your purchase.`,
          links.wallet,
        ),
      ];
    case "payment-reminder":
      return [
        notice(
          "buyer",
          "payment-reminder",
          `Reminder: pay for ${name}`,
          `${formatMoney(event.total)} is still due by ${when(event.dueBy)}. After that the sale is cancelled.`,
          links.wallet,
        ),
      ];
    case "second-chance-offer":
      return [
        notice(
          "buyer",
          "second-chance",
          `A second chance at ${name}`,
          `The winner did not pay. It can be yours for your highest bid, ${formatMoney(event.hammerPrice)} (${formatMoney(event.total)} with the buyer's premium): accept by ${when(event.dueBy)}.`,
          room,
        ),
        notice(
          "winner",
          "settlement-failed",
          `Your purchase of ${name} was cancelled`,
          "You did not pay before the deadline, so the lot is offered to the next bidder.",
          room,
        ),
      ];
    case "payment-received":
      return [
        notice(
          "buyer",
          "payment-received",
          `Payment received for ${name}`,
          `${formatMoney(event.total)} is held from your wallet while the sale is confirmed.`,
          room,
        ),
      ];
    case "settlement-completed":
      return [
        notice(
          "buyer",
          "settlement-completed",
          `${name} is yours`,
          `You paid ${formatMoney(event.total)} (the hammer price plus the buyer's premium).`,
          room,
        ),
        notice(
          "seller",
          "settlement-completed",
          `Payout for ${name}`,
          `${formatMoney(event.sellerProceeds)} is booked to you (the hammer price less the platform fee).`,
          links.wallet,
        ),
      ];
    case "settlement-failed":
      return [
        notice(
          "buyer",
          "settlement-failed",
          `The sale of ${name} was cancelled`,
          `${event.reason}. Anything held on your wallet for it was released.`,
          links.wallet,
        ),
        notice("seller", "settlement-failed", `The sale of ${name} fell through`, `${event.reason}. The lot is marked unsold.`, room),
      ];
  }
}

/** "Sat, 28 Nov 2026, 12:00 UTC": a deadline people can read, the same on every server. */
function when(iso: string): string {
  return `${new Date(iso).toLocaleString("en-GB", {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })} UTC`;
}
