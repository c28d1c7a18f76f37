/**
 * The settlement's money rules. Pure: no Prisma, no Dapr.
 *
 * The buyer pays the hammer price plus a buyer's premium; the seller gets the hammer price
 * less the platform's fee; premium and fee are the platform's. Rates are basis points
 * (1/100 of a percent) and round down, in integers: BigInt for the product, since a price near
 * 2 × 10^12 times 10,000 basis points leaves the exact doubles.
 */
import type { SettlementAmounts } from "@auction-mesh/contracts";
import { capture, hold, type JournalEntry, release } from "./ledger.js";

export interface Rates {
  buyersPremiumBps: number;
  platformFeeBps: number;
}

const share = (amount: number, bps: number) => Number((BigInt(amount) * BigInt(bps)) / 10_000n);

export function settlementAmounts(hammerPrice: number, rates: Rates): SettlementAmounts {
  const buyersPremium = share(hammerPrice, rates.buyersPremiumBps);
  const platformFee = share(hammerPrice, rates.platformFeeBps);
  return { hammerPrice, buyersPremium, total: hammerPrice + buyersPremium, platformFee, sellerProceeds: hammerPrice - platformFee };
}

/** One sale's parties and amounts: what every ledger entry of its settlement is made from. */
export interface Sale {
  auctionId: string;
  buyerId: string;
  sellerId: string;
  amounts: SettlementAmounts;
}

/**
 * The ledger entries of a settlement. Each has a reference of its own, derived from the
 * auction, so an activity that runs again (a replay, a crash before its answer was recorded)
 * finds its entry posted and moves no money twice.
 */
export const settlementEntries = {
  hold: (sale: Sale): JournalEntry =>
    hold(sale.buyerId, sale.amounts.total, `settlement:${sale.auctionId}:hold`, `Held for auction ${sale.auctionId}`),
  release: (sale: Sale): JournalEntry =>
    release(
      sale.buyerId,
      sale.amounts.total,
      `settlement:${sale.auctionId}:release`,
      `Released: auction ${sale.auctionId} was not settled`,
    ),
  capture: (sale: Sale): JournalEntry =>
    capture(
      {
        buyerId: sale.buyerId,
        sellerId: sale.sellerId,
        amount: sale.amounts.total,
        fee: sale.amounts.buyersPremium + sale.amounts.platformFee,
      },
      `settlement:${sale.auctionId}:capture`,
      `Sale of auction ${sale.auctionId}`,
    ),
};
