import { AppIds, AuctionsRoutes, Listing, type SaleOutcome } from "@auction-mesh/contracts";
import { HttpError, type Logger, type Sidecar } from "@auction-mesh/service-kit";
import type { WorkflowActivityContext } from "@dapr/dapr";
import { z } from "zod";
import { announcements } from "./domain/announcements.js";
import { type Rates, type Sale, settlementAmounts, settlementEntries } from "./domain/settlement.js";
import type { LedgerStore } from "./ledger-store.js";
import type { PaymentsMetrics } from "./metrics.js";
import type { SettlementStore } from "./settlement-store.js";
import { type SaleConfirmation, type SettlementInput, Steps } from "./settlement-workflow.js";

export interface SettlementDeps {
  ledger: LedgerStore;
  settlements: SettlementStore;
  sidecar: Sidecar;
  rates: Rates;
  logger: Logger;
  metrics: PaymentsMetrics;
}

/** The codes of a hold the wallet cannot cover: the saga waits for funds, it does not fail. */
const SHORT = new Set(["INSUFFICIENT_FUNDS", "WALLET_LIMIT"]);

/** The catalogue's definite answer (a 4xx), as opposed to no answer or a 5xx, which may have been done. */
const isDefiniteRefusal = (err: unknown): err is HttpError => err instanceof HttpError && err.status < 500;

/**
 * The saga's steps. Each is safe to run again: ledger entries carry references derived from
 * the auction (posted once), the read model is upserted, the catalogue's settle is idempotent.
 */
export function settlementActivities(
  deps: SettlementDeps,
): Record<(typeof Steps)[keyof typeof Steps], (ctx: WorkflowActivityContext, input: never) => Promise<unknown>> {
  const { ledger, settlements, sidecar, rates, logger, metrics } = deps;
  const tellCatalogue = (outcome: SaleOutcome) => sidecar.invoke(AppIds.auctions, AuctionsRoutes.settle, outcome, z.unknown());

  return {
    [Steps.prepare]: async (_ctx, input: SettlementInput): Promise<Sale> => {
      const listing = await sidecar.invoke(AppIds.auctions, AuctionsRoutes.get, { auctionId: input.auctionId }, Listing);
      const sale = {
        auctionId: input.auctionId,
        buyerId: input.buyerId,
        sellerId: listing.sellerId,
        amounts: settlementAmounts(input.hammerPrice, rates),
      };
      await settlements.begin(sale);
      logger.info({ auctionId: sale.auctionId, buyerId: sale.buyerId, total: sale.amounts.total }, "settlement started");
      return sale;
    },
    [Steps.hold]: async (_ctx, sale: Sale): Promise<boolean> => {
      try {
        // A sale at 0 moves no money (an entry of zero postings cannot balance).
        if (sale.amounts.total > 0) await ledger.post(settlementEntries.hold(sale));
        await settlements.mark(sale.auctionId, "confirming-sale", { paymentDueBy: null }, announcements.paymentReceived(sale, new Date()));
        return true;
      } catch (err) {
        if (err instanceof HttpError && SHORT.has(err.code)) return false;
        throw err;
      }
    },
    [Steps.awaitPayment]: async (_ctx, { sale, dueBy }: { sale: Sale; dueBy: string }) => {
      const due = new Date(dueBy);
      await settlements.mark(sale.auctionId, "awaiting-payment", { paymentDueBy: due }, announcements.paymentDue(sale, due, new Date()));
      metrics.settlement("awaiting-payment");
      logger.info({ auctionId: sale.auctionId, buyerId: sale.buyerId, dueBy }, "payment due: the buyer's wallet is short");
    },
    [Steps.remind]: async (_ctx, { sale, dueBy }: { sale: Sale; dueBy: string }) => {
      await settlements.announce(announcements.paymentReminder(sale, new Date(dueBy), new Date()));
      logger.info({ auctionId: sale.auctionId, buyerId: sale.buyerId, dueBy }, "payment reminder sent");
    },
    [Steps.offerSecondChance]: async (
      _ctx,
      { sale, runnerUp, dueBy }: { sale: Sale; runnerUp: { bidderId: string; amount: number }; dueBy: string },
    ): Promise<Sale> => {
      const offer: Sale = { ...sale, buyerId: runnerUp.bidderId, amounts: settlementAmounts(runnerUp.amount, rates) };
      const due = new Date(dueBy);
      await settlements.offer(offer, due, announcements.secondChance(offer, sale.buyerId, due, new Date()));
      metrics.settlement("second-chance-offered");
      logger.info({ auctionId: sale.auctionId, runnerUp: runnerUp.bidderId, price: runnerUp.amount, dueBy }, "second-chance offer made");
      return offer;
    },
    [Steps.confirmSale]: async (_ctx, sale: Sale): Promise<SaleConfirmation> => {
      try {
        await tellCatalogue({ auctionId: sale.auctionId, outcome: "sold", buyerId: sale.buyerId, price: sale.amounts.hammerPrice });
        return { confirmed: true };
      } catch (err) {
        // A 4xx is the catalogue's answer (say, the listing is unsold already); anything else
        // (no answer, 5xx) may have been done: the saga retries, and "sold" is idempotent.
        if (isDefiniteRefusal(err)) return { refused: err.code };
        throw err;
      }
    },
    [Steps.capture]: async (_ctx, sale: Sale) => {
      if (sale.amounts.total > 0) await ledger.post(settlementEntries.capture(sale));
    },
    [Steps.release]: async (_ctx, sale: Sale) => {
      // Only a hold that was neither captured nor released already.
      const [held, captured] = await Promise.all(
        [settlementEntries.hold(sale), settlementEntries.capture(sale)].map((e) => ledger.find(e.reference)),
      );
      if (held && !captured) await ledger.post(settlementEntries.release(sale));
    },
    [Steps.fail]: async (_ctx, { sale, failure }: { sale: Sale; failure: string }) => {
      // The catalogue first, as a sale is confirmed before it completes: whoever sees the
      // settlement failed (its buyer, its seller, the announcement) finds the listing unsold
      // already. The other way round a reader could see 'failed' beside a listing still
      // 'closed' (the payments test did, in CI).
      try {
        await tellCatalogue({ auctionId: sale.auctionId, outcome: "unsold", reason: failure });
      } catch (err) {
        // The catalogue's definite no (it is sold: a confirm whose answer was lost) is logged for
        // an admin; a failure to answer is retried by the saga.
        if (!isDefiniteRefusal(err)) throw err;
        logger.error({ auctionId: sale.auctionId, code: err.code, failure }, "the catalogue refused 'unsold' for a failed settlement");
      }
      await settlements.mark(sale.auctionId, "failed", { failure, paymentDueBy: null }, announcements.failed(sale, failure, new Date()));
      metrics.settlement("failed");
      logger.warn({ auctionId: sale.auctionId, failure }, "settlement failed");
    },
    [Steps.complete]: async (_ctx, sale: Sale) => {
      await settlements.mark(sale.auctionId, "completed", {}, announcements.completed(sale, new Date()));
      metrics.settlement("completed");
      logger.info({ auctionId: sale.auctionId, sellerProceeds: sale.amounts.sellerProceeds }, "settlement completed");
    },
  };
}
