import { z } from "zod";
import { AuctionId } from "./auction.js";
import { MinorUnits } from "./money.js";

const Instant = z.iso.datetime({ offset: true });

/**
 * What every settlement event carries. `eventId` is derived from the auction and the event's
 * kind (`<auctionId>:<type>`): each happens at most once per settlement, so a consumer that
 * keeps the id acts once however often the event is delivered.
 */
const About = {
  eventId: z.string().min(1).max(200),
  auctionId: AuctionId,
  buyerId: z.string().min(1),
  sellerId: z.string().min(1),
  at: Instant,
};

/** The winner's wallet was short: pay (top up) `total` before `dueBy`. */
export const PaymentDueEvent = z.object({ type: z.literal("payment-due"), ...About, total: MinorUnits, dueBy: Instant });
/** Sent once, some time before the deadline, while the winner still has not paid. */
export const PaymentReminderEvent = z.object({ type: z.literal("payment-reminder"), ...About, total: MinorUnits, dueBy: Instant });
/**
 * The winner did not pay: the runner-up (`buyerId` now) may buy the lot at their highest bid
 * (`hammerPrice`, `total` with the premium) until `dueBy`; the winner's purchase is cancelled.
 */
export const SecondChanceOfferEvent = z.object({
  type: z.literal("second-chance-offer"),
  ...About,
  winnerId: z.string().min(1),
  hammerPrice: MinorUnits,
  total: MinorUnits,
  dueBy: Instant,
});
/** The total is held on the winner's wallet (paid); the sale is being confirmed. */
export const PaymentReceivedEvent = z.object({ type: z.literal("payment-received"), ...About, total: MinorUnits });
/** Captured: the buyer paid `total`, the seller is owed `sellerProceeds`. */
export const SettlementCompletedEvent = z.object({
  type: z.literal("settlement-completed"),
  ...About,
  hammerPrice: MinorUnits,
  total: MinorUnits,
  sellerProceeds: MinorUnits,
});
/** Nobody paid (or the sale could not be confirmed): everything held was released, the lot is unsold. */
export const SettlementFailedEvent = z.object({ type: z.literal("settlement-failed"), ...About, reason: z.string().min(1).max(500) });

export const SettlementEvent = z.discriminatedUnion("type", [
  PaymentDueEvent,
  PaymentReminderEvent,
  SecondChanceOfferEvent,
  PaymentReceivedEvent,
  SettlementCompletedEvent,
  SettlementFailedEvent,
]);
export type SettlementEvent = z.infer<typeof SettlementEvent>;
export type SettlementEventType = SettlementEvent["type"];

/** The id a settlement event of `type` has: one per auction and kind. */
export const settlementEventId = (auctionId: string, type: SettlementEventType) => `${auctionId}:${type}`;
