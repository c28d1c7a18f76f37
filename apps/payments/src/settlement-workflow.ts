/**
 * The settlement saga, as a Dapr Workflow: durable in daprd's workflow engine, so it resumes
 * where it was after payments or its sidecar dies. The orchestration only decides what comes
 * next; every effect is an activity (settlement-activities.ts), each idempotent, because an
 * activity whose answer was not recorded before a crash runs again.
 *
 *   hold total on the buyer's wallet ── short ──▶ payment due: wait for funds-added or the deadline
 *        │                                              │ funds: hold again     │ deadline: unsold, failed
 *        ▼                                              ▼
 *   confirm the sale with the catalogue ── fails past its retries ──▶ release the hold, failed
 *        ▼
 *   capture (seller credited less the fee) ──▶ completed
 */
import type { Task, WorkflowContext } from "@dapr/dapr";
import type { Sale } from "./domain/settlement.js";

export const SETTLEMENT_WORKFLOW = "settle-auction";
/** Raised on a buyer's settlements that wait for funds, after each top-up of theirs. */
export const FUNDS_ADDED = "funds-added";

/** The activities' names (registered with these names, called by them). */
export const Steps = {
  prepare: "settlement-prepare",
  hold: "settlement-hold",
  awaitPayment: "settlement-await-payment",
  confirmSale: "settlement-confirm-sale",
  capture: "settlement-capture",
  release: "settlement-release",
  fail: "settlement-fail",
  complete: "settlement-complete",
} as const;

export interface SettlementInput {
  auctionId: string;
  buyerId: string;
  hammerPrice: number;
  /** How long a buyer short of funds has to pay; part of the input, so replays agree. */
  paymentWindowMs: number;
}

export interface SettlementResult {
  status: "completed" | "failed";
  failure?: string;
}

/** One instance per auction: a redelivered close event finds it and starts nothing. */
export const settlementInstanceId = (auctionId: string) => `settlement-${auctionId}`;

/**
 * An *async* generator: durabletask-js runs only orchestrators that return an async iterator;
 * a plain `function*` is taken for one that schedules nothing and is marked COMPLETED at once.
 */
export async function* settleAuction(
  ctx: WorkflowContext,
  input: SettlementInput,
): AsyncGenerator<Task<unknown>, SettlementResult, unknown> {
  const sale = (yield ctx.callActivity(Steps.prepare, input)) as Sale;
  let held = (yield ctx.callActivity(Steps.hold, sale)) as boolean;
  if (!held) {
    const dueBy = new Date(ctx.getCurrentUtcDateTime().getTime() + input.paymentWindowMs);
    yield ctx.callActivity(Steps.awaitPayment, { sale, dueBy: dueBy.toISOString() });
    while (!held) {
      const deadline = ctx.createTimer(dueBy);
      const first = yield ctx.whenAny([ctx.waitForExternalEvent(FUNDS_ADDED), deadline]);
      if (first === deadline) break;
      held = (yield ctx.callActivity(Steps.hold, sale)) as boolean;
    }
    if (!held) return yield* fail(ctx, sale, "the buyer did not pay before the deadline");
  }
  try {
    yield ctx.callActivity(Steps.confirmSale, sale);
  } catch {
    yield ctx.callActivity(Steps.release, sale);
    return yield* fail(ctx, sale, "the catalogue could not confirm the sale; the hold was released");
  }
  yield ctx.callActivity(Steps.capture, sale);
  yield ctx.callActivity(Steps.complete, sale);
  return { status: "completed" };
}

async function* fail(ctx: WorkflowContext, sale: Sale, failure: string): AsyncGenerator<Task<unknown>, SettlementResult, unknown> {
  yield ctx.callActivity(Steps.fail, { sale, failure });
  return { status: "failed", failure };
}
