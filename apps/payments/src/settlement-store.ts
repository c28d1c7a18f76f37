import { type Settlement, SettlementEvent, type SettlementStatus, Topics } from "@auction-mesh/contracts";
import type { Sale } from "./domain/settlement.js";
import type { PrismaClient, Settlement as Row, SettlementStatus as StatusRow } from "./generated/prisma/client.js";

const toRow: Record<SettlementStatus, StatusRow> = {
  holding: "holding",
  "awaiting-payment": "awaiting_payment",
  "second-chance-offered": "second_chance_offered",
  "confirming-sale": "confirming_sale",
  completed: "completed",
  failed: "failed",
};
const fromRow = Object.fromEntries(Object.entries(toRow).map(([k, v]) => [v, k])) as Record<StatusRow, SettlementStatus>;

function toSettlement(row: Row): Settlement {
  return {
    auctionId: row.auctionId,
    buyerId: row.buyerId,
    winnerId: row.winnerId,
    sellerId: row.sellerId,
    hammerPrice: Number(row.hammerPrice),
    buyersPremium: Number(row.buyersPremium),
    total: Number(row.total),
    platformFee: Number(row.platformFee),
    sellerProceeds: Number(row.sellerProceeds),
    status: fromRow[row.status],
    paymentDueBy: row.paymentDueBy?.toISOString() ?? null,
    failure: row.failure,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The settlements' read model: where each saga stands, for the API and for "who waits for funds". */
export class SettlementStore {
  /** `onStaged` runs after a commit that staged an event (wakes the outbox relay). */
  constructor(
    private readonly db: PrismaClient,
    private readonly onStaged: () => void = () => {},
  ) {}

  /** Records a sale's settlement as begun; a repeat (a replayed activity) changes nothing. */
  async begin(sale: Sale): Promise<void> {
    const a = sale.amounts;
    await this.db.settlement.upsert({
      where: { auctionId: sale.auctionId },
      create: {
        auctionId: sale.auctionId,
        buyerId: sale.buyerId,
        winnerId: sale.buyerId,
        sellerId: sale.sellerId,
        hammerPrice: BigInt(a.hammerPrice),
        buyersPremium: BigInt(a.buyersPremium),
        total: BigInt(a.total),
        platformFee: BigInt(a.platformFee),
        sellerProceeds: BigInt(a.sellerProceeds),
        status: "holding",
      },
      update: {},
    });
  }

  /**
   * Moves a settlement to `status` and stages the event that announces it in the same
   * transaction (the outbox): the change and its announcement commit together or not at all.
   * A repeat (a replayed activity) stages the same event id again; consumers keep the id.
   */
  async mark(
    auctionId: string,
    status: SettlementStatus,
    details: { paymentDueBy?: Date | null; failure?: string } = {},
    announce?: SettlementEvent,
  ): Promise<void> {
    await this.db.$transaction([
      this.db.settlement.update({ where: { auctionId }, data: { status: toRow[status], ...details } }),
      ...(announce ? [this.stage(announce)] : []),
    ]);
    if (announce) this.onStaged();
  }

  /**
   * The lot goes to the runner-up at their price, if they accept by `dueBy`: the settlement's
   * buyer and amounts change, with the offer's announcement in the same transaction.
   */
  async offer(sale: Sale, dueBy: Date, announce: SettlementEvent): Promise<void> {
    const a = sale.amounts;
    await this.db.$transaction([
      this.db.settlement.update({
        where: { auctionId: sale.auctionId },
        data: {
          buyerId: sale.buyerId,
          hammerPrice: BigInt(a.hammerPrice),
          buyersPremium: BigInt(a.buyersPremium),
          total: BigInt(a.total),
          platformFee: BigInt(a.platformFee),
          sellerProceeds: BigInt(a.sellerProceeds),
          status: "second_chance_offered",
          paymentDueBy: dueBy,
        },
      }),
      this.stage(announce),
    ]);
    this.onStaged();
  }

  /** Stages an event on its own (one that changes no status: the reminder). */
  async announce(event: SettlementEvent): Promise<void> {
    await this.stage(event);
    this.onStaged();
  }

  private stage(event: SettlementEvent) {
    // Checked on the way in: the relay must never hold a message the contract refuses.
    return this.db.outboxMessage.create({ data: { topic: Topics.settlementEvents, payload: SettlementEvent.parse(event) } });
  }

  async find(auctionId: string): Promise<Settlement | undefined> {
    const row = await this.db.settlement.findUnique({ where: { auctionId } });
    return row ? toSettlement(row) : undefined;
  }

  /**
   * Auctions whose settlement waits, or may be about to wait, for this buyer to add funds: a
   * saga still `holding` may have found the wallet short a moment before a top-up (the event
   * is kept for it until it waits).
   */
  async awaitingFunds(buyerId: string): Promise<string[]> {
    const rows = await this.db.settlement.findMany({
      where: { buyerId, status: { in: ["holding", "awaiting_payment"] } },
      select: { auctionId: true },
    });
    return rows.map((r) => r.auctionId);
  }
}
