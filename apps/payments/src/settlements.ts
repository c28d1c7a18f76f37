import type { AuctionClosedEvent, Settlement, TokenClaims } from "@auction-mesh/contracts";
import { HttpError, type Logger } from "@auction-mesh/service-kit";
import type { DaprWorkflowClient } from "@dapr/dapr";
import type { SettlementStore } from "./settlement-store.js";
import { FUNDS_ADDED, OFFER_ACCEPTED, SETTLEMENT_WORKFLOW, type SettlementInput, settlementInstanceId } from "./settlement-workflow.js";
import type { Wallets } from "./wallets.js";

/**
 * The settlement use cases around the saga: start it once per auction with a winner, nudge
 * a buyer's waiting sagas when their funds grow, and show a settlement to those it concerns.
 */
export class Settlements {
  constructor(
    private readonly workflows: DaprWorkflowClient,
    private readonly store: SettlementStore,
    private readonly terms: { paymentWindowMs: number; reminderLeadMs: number; offerWindowMs: number },
    private readonly logger: Logger,
  ) {}

  /** bidding's result: a close with a winner starts that auction's saga, exactly once; no sale, nothing. */
  async onAuctionClosed(closed: AuctionClosedEvent): Promise<void> {
    if (closed.winnerId === null || closed.finalPrice === null) return;
    await this.startOnce({
      auctionId: closed.auctionId,
      buyerId: closed.winnerId,
      hammerPrice: closed.finalPrice,
      paymentWindowMs: this.terms.paymentWindowMs,
      reminderLeadMs: this.terms.reminderLeadMs,
      runnerUp: closed.runnerUp ?? null,
      offerWindowMs: this.terms.offerWindowMs,
    });
  }

  private async startOnce(input: SettlementInput): Promise<void> {
    const id = settlementInstanceId(input.auctionId);
    if (await this.workflows.getWorkflowState(id, false)) return; // a redelivered close
    try {
      await this.workflows.scheduleNewWorkflow(SETTLEMENT_WORKFLOW, input, id);
      this.logger.info({ auctionId: input.auctionId, instanceId: id }, "settlement saga scheduled");
    } catch (err) {
      // Two deliveries of one close at once: the second finds the first's instance.
      if (await this.workflows.getWorkflowState(id, false)) return;
      throw err;
    }
  }

  /** After a top-up: every saga waiting for this buyer's funds tries its hold again. */
  async onFundsAdded(buyerId: string): Promise<void> {
    for (const auctionId of await this.store.awaitingFunds(buyerId)) {
      await this.workflows.raiseEvent(settlementInstanceId(auctionId), FUNDS_ADDED, { buyerId });
    }
  }

  /**
   * The runner-up takes the second-chance offer. Their wallet must hold the total already (a
   * 409 says how much to add first): accepting never leaves a sale waiting for money again.
   */
  async acceptOffer(auctionId: string, user: TokenClaims, wallets: Wallets): Promise<Settlement> {
    const settlement = await this.view(auctionId, user);
    if (settlement.status !== "second-chance-offered" || settlement.buyerId !== user.sub) {
      throw new HttpError(409, "NO_OPEN_OFFER", `auction ${auctionId} has no second-chance offer open to you`);
    }
    const { available } = await wallets.balance(user);
    if (available < settlement.total) {
      throw new HttpError(409, "INSUFFICIENT_FUNDS", `add ${settlement.total - available} minor units to your wallet first`, {
        total: settlement.total,
        available,
      });
    }
    await this.workflows.raiseEvent(settlementInstanceId(auctionId), OFFER_ACCEPTED, { buyerId: user.sub });
    this.logger.info({ auctionId, buyerId: user.sub }, "second-chance offer accepted");
    return settlement;
  }

  /** An auction's settlement, for its buyer, its winner, its seller or an admin; 404 for anyone else. */
  async view(auctionId: string, user: TokenClaims): Promise<Settlement> {
    const settlement = await this.store.find(auctionId);
    const parties = settlement ? [settlement.buyerId, settlement.winnerId, settlement.sellerId] : [];
    const concerned = settlement && (parties.includes(user.sub) || user.roles.includes("admin"));
    if (!concerned) throw new HttpError(404, "SETTLEMENT_NOT_FOUND", `no settlement of auction ${auctionId} that you may see`);
    return settlement;
  }
}
