/**
 * The settlement's events, made from its sale. Pure: the activities stage them in the outbox.
 * Each kind happens at most once per settlement, so its id is derived (settlementEventId).
 */
import { type SettlementEvent, settlementEventId } from "@auction-mesh/contracts";
import type { Sale } from "./settlement.js";

const about = (sale: Sale, type: SettlementEvent["type"], at: Date) => ({
  eventId: settlementEventId(sale.auctionId, type),
  auctionId: sale.auctionId,
  buyerId: sale.buyerId,
  sellerId: sale.sellerId,
  at: at.toISOString(),
});

export const announcements = {
  paymentDue: (sale: Sale, dueBy: Date, at: Date): SettlementEvent => ({
    type: "payment-due",
    ...about(sale, "payment-due", at),
    total: sale.amounts.total,
    dueBy: dueBy.toISOString(),
  }),
  paymentReminder: (sale: Sale, dueBy: Date, at: Date): SettlementEvent => ({
    type: "payment-reminder",
    ...about(sale, "payment-reminder", at),
    total: sale.amounts.total,
    dueBy: dueBy.toISOString(),
  }),
  /** `offer` is the runner-up's sale; `winnerId` who did not pay. */
  secondChance: (offer: Sale, winnerId: string, dueBy: Date, at: Date): SettlementEvent => ({
    type: "second-chance-offer",
    ...about(offer, "second-chance-offer", at),
    winnerId,
    hammerPrice: offer.amounts.hammerPrice,
    total: offer.amounts.total,
    dueBy: dueBy.toISOString(),
  }),
  paymentReceived: (sale: Sale, at: Date): SettlementEvent => ({
    type: "payment-received",
    ...about(sale, "payment-received", at),
    total: sale.amounts.total,
  }),
  completed: (sale: Sale, at: Date): SettlementEvent => ({
    type: "settlement-completed",
    ...about(sale, "settlement-completed", at),
    hammerPrice: sale.amounts.hammerPrice,
    total: sale.amounts.total,
    sellerProceeds: sale.amounts.sellerProceeds,
  }),
  failed: (sale: Sale, reason: string, at: Date): SettlementEvent => ({
    type: "settlement-failed",
    ...about(sale, "settlement-failed", at),
    reason: reason.slice(0, 500),
  }),
};
