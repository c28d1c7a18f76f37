/**
 * Settlements by outcome, counted by the real saga running the real activities (saga-driver.ts
 * plays the workflow engine): the ledger, read model and catalogue behind them are in memory.
 */
import { AuctionsRoutes } from "@auction-mesh/contracts";
import { createLogger, HttpError, ServiceMetrics, type Sidecar } from "@auction-mesh/service-kit";
import { beforeEach, describe, expect, it } from "vitest";
import { Accounts, type JournalEntry } from "../../src/domain/ledger.js";
import type { LedgerStore } from "../../src/ledger-store.js";
import { PaymentsMetrics } from "../../src/metrics.js";
import { settlementActivities } from "../../src/settlement-activities.js";
import type { SettlementStore } from "../../src/settlement-store.js";
import type { SettlementInput } from "../../src/settlement-workflow.js";
import { type Request, runSaga } from "./saga-driver.js";

let metrics: ServiceMetrics;
beforeEach(() => {
  metrics = new ServiceMetrics("payments", { defaultMetrics: false });
});

/**
 * Runs one auction's settlement: `short` wallets cannot cover a hold; each race of the saga
 * (funds or deadline, acceptance or deadline) is won by the next of `raced` (0: the event, 1: the deadline).
 */
async function settle(given: Partial<SettlementInput>, short: string[], raced: number[] = []) {
  const ledger = {
    post: async (entry: JournalEntry) => {
      if (entry.kind === "hold" && short.some((id) => entry.postings.some((p) => p.account === Accounts.available(id))))
        throw new HttpError(409, "INSUFFICIENT_FUNDS", "the wallet is short");
    },
    find: async () => undefined,
  } as unknown as LedgerStore;
  const store = {
    begin: async () => {},
    mark: async () => {},
    offer: async () => {},
    announce: async () => {},
  } as unknown as SettlementStore;
  const sidecar = {
    invoke: async (_app: string, route: string) => (route === AuctionsRoutes.get ? { sellerId: "sam" } : {}),
  } as unknown as Sidecar;
  const activities: Record<string, (ctx: never, input: never) => Promise<unknown>> = settlementActivities({
    ledger,
    settlements: store,
    sidecar,
    rates: { buyersPremiumBps: 1_000, platformFeeBps: 500 },
    logger: createLogger("payments", "silent"),
    metrics: new PaymentsMetrics(metrics),
  });
  const answer = (r: Request) => {
    if (r.kind === "any") return r.tasks[raced.shift() ?? 1];
    if (r.kind === "activity") return (activities[r.name] as (ctx: never, input: unknown) => Promise<unknown>)({} as never, r.input);
    return undefined;
  };
  const input: SettlementInput = { auctionId: "a1", buyerId: "ann", hammerPrice: 10_000, paymentWindowMs: 60_000, ...given };
  return (await runSaga(input, answer)).result;
}

const outcomes = async () =>
  Object.fromEntries(
    await Promise.all(
      ["awaiting-payment", "second-chance-offered", "completed", "failed"].map(
        async (outcome) => [outcome, await metrics.value("auction_settlements_total", { outcome })] as const,
      ),
    ),
  );

describe("settlements by outcome", () => {
  it("counts a settlement the buyer pays at once as completed", async () => {
    expect(await settle({}, [])).toEqual({ status: "completed" });
    expect(await outcomes()).toEqual({ "awaiting-payment": 0, "second-chance-offered": 0, completed: 1, failed: 0 });
  });

  it("counts a short buyer as awaiting-payment, then failed when the deadline passes", async () => {
    expect((await settle({}, ["ann"], [1])).status).toBe("failed");
    expect(await outcomes()).toEqual({ "awaiting-payment": 1, "second-chance-offered": 0, completed: 0, failed: 1 });
  });

  it("counts the second-chance offer, and the runner-up's purchase as completed", async () => {
    const runnerUp = { runnerUp: { bidderId: "bob", amount: 8_000 }, offerWindowMs: 30_000 };
    expect(await settle(runnerUp, ["ann"], [1, 0])).toEqual({ status: "completed" });
    expect(await outcomes()).toEqual({ "awaiting-payment": 1, "second-chance-offered": 1, completed: 1, failed: 0 });
  });
});
