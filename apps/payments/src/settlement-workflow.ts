/**
 * The settlement saga, as a Dapr Workflow: durable in daprd's workflow engine, so it resumes
 * where it was after payments or its sidecar dies. The orchestration only decides what comes
 * next; every effect is an activity (settlement-activities.ts), each idempotent, because an
 * activity whose answer was not recorded before a crash runs again.
 *
 *   hold total on the buyer's wallet ── short ──▶ payment due: wait for funds-added or the deadline
 *        │                                              │ (a reminder once, reminderLeadMs before it)
 *        │                                              │ funds: hold again     │ deadline, no runner-up: unsold, failed
 *        │                                              │                       │ deadline: offer the runner-up the lot at
 *        │                                              │                       │ their highest bid; accepted: hold theirs;
 *        │                                              │                       │ not by its deadline: unsold, failed
 *        ▼                                              ▼
 *   confirm the sale with the catalogue ── refused ──▶ release the hold, unsold, failed
 *        ▼
 *   capture (seller credited less the fee) ──▶ completed
 *
 * Every step is retried with durable backoff (the SDK's callActivity takes no retry policy).
 * A step still failing after its retries stops the saga the safe way: whatever is held and not
 * captured is released, the settlement is marked failed and the listing unsold.
 */
import type { Task, WorkflowContext } from "@dapr/dapr";
import type { Sale } from "./domain/settlement.js";

export const SETTLEMENT_WORKFLOW = "settle-auction";
/** Raised on a buyer's settlements that wait for funds, after each top-up of theirs. */
export const FUNDS_ADDED = "funds-added";
/** Raised when the runner-up accepts a second-chance offer (payments checked their funds). */
export const OFFER_ACCEPTED = "second-chance-accepted";

/** The activities' names (registered with these names, called by them). */
export const Steps = {
  prepare: "settlement-prepare",
  hold: "settlement-hold",
  awaitPayment: "settlement-await-payment",
  remind: "settlement-remind",
  offerSecondChance: "settlement-offer-second-chance",
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
  /** How long before the deadline the buyer is reminded, once (absent: no reminder). */
  reminderLeadMs?: number;
  /** Who may buy at their highest bid when the winner does not pay (the close's runner-up). */
  runnerUp?: { bidderId: string; amount: number } | null;
  /** How long the runner-up has to accept. */
  offerWindowMs?: number;
}

export interface SettlementResult {
  status: "completed" | "failed";
  failure?: string;
}

/** What the catalogue said to "sold": done, or a definite no (a failure to answer is retried). */
export type SaleConfirmation = { confirmed: true } | { refused: string };

/** One instance per auction: a redelivered close finds it and starts nothing. */
export const settlementInstanceId = (auctionId: string) => `settlement-${auctionId}`;

/** Attempts per step, and the backoff between them (1 s doubling to 60 s: ~4 min in all). */
export const STEP_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));

type Saga<T> = AsyncGenerator<Task<unknown>, T, unknown>;

/**
 * An *async* generator: durabletask-js runs only orchestrators that return an async iterator;
 * a plain `function*` is taken for one that schedules nothing and is marked COMPLETED at once.
 */
export async function* settleAuction(ctx: WorkflowContext, input: SettlementInput): Saga<SettlementResult> {
  // Whose sale it is now: the winner's, or the runner-up's once they accept an offer.
  const current = { sale: (yield* step(ctx, Steps.prepare, input)) as Sale };
  try {
    return yield* settle(ctx, input, current);
  } catch (err) {
    // A step that kept failing: undo what can be undone (the activity releases only a hold
    // that was not captured) and say so.
    yield* step(ctx, Steps.release, current.sale);
    return yield* fail(ctx, current.sale, `settlement stopped after ${STEP_ATTEMPTS} attempts of a step: ${(err as Error).message}`);
  }
}

async function* settle(ctx: WorkflowContext, input: SettlementInput, current: { sale: Sale }): Saga<SettlementResult> {
  const held = ((yield* step(ctx, Steps.hold, current.sale)) as boolean) || (yield* awaitPayment(ctx, input, current.sale));
  if (!held) {
    const { runnerUp, offerWindowMs } = input;
    if (!runnerUp || offerWindowMs === undefined) return yield* fail(ctx, current.sale, "the buyer did not pay before the deadline");
    const dueBy = new Date(ctx.getCurrentUtcDateTime().getTime() + offerWindowMs);
    current.sale = (yield* step(ctx, Steps.offerSecondChance, { sale: current.sale, runnerUp, dueBy: dueBy.toISOString() })) as Sale;
    if (!(yield* awaitAcceptance(ctx, current.sale, dueBy))) {
      return yield* fail(ctx, current.sale, "the winner did not pay and the runner-up did not take the second-chance offer");
    }
  }
  const sale = current.sale;
  const confirmation = (yield* step(ctx, Steps.confirmSale, sale)) as SaleConfirmation;
  if ("refused" in confirmation) {
    yield* step(ctx, Steps.release, sale);
    return yield* fail(ctx, sale, `the catalogue refused the sale (${confirmation.refused}); the hold was released`);
  }
  yield* step(ctx, Steps.capture, sale);
  yield* step(ctx, Steps.complete, sale);
  return { status: "completed" };
}

/** Waits for the runner-up's acceptance until `dueBy`; each acceptance tries the hold (their funds may have moved since). */
async function* awaitAcceptance(ctx: WorkflowContext, sale: Sale, dueBy: Date): Saga<boolean> {
  const deadline = ctx.createTimer(dueBy);
  for (;;) {
    const accepted = ctx.waitForExternalEvent(OFFER_ACCEPTED);
    if ((yield ctx.whenAny([accepted, deadline])) === deadline) return false;
    if ((yield* step(ctx, Steps.hold, sale)) as boolean) return true;
  }
}

/**
 * The buyer was short: announce the payment due, then hold again after each top-up until it
 * covers the total or the deadline passes; remind once on the way. One wait for funds and one
 * deadline stay pending across the loop: a second wait for the same event would leave the
 * first one pending, and the first would take the next top-up's event unseen.
 */
async function* awaitPayment(ctx: WorkflowContext, input: SettlementInput, sale: Sale): Saga<boolean> {
  const now = ctx.getCurrentUtcDateTime().getTime();
  const dueBy = new Date(now + input.paymentWindowMs);
  yield* step(ctx, Steps.awaitPayment, { sale, dueBy: dueBy.toISOString() });
  const deadline = ctx.createTimer(dueBy);
  const remindAt = input.reminderLeadMs === undefined ? undefined : dueBy.getTime() - input.reminderLeadMs;
  let reminder = remindAt !== undefined && remindAt > now ? ctx.createTimer(new Date(remindAt)) : undefined;
  let funds = ctx.waitForExternalEvent(FUNDS_ADDED);
  for (;;) {
    const first = yield ctx.whenAny(reminder ? [funds, deadline, reminder] : [funds, deadline]);
    if (first === deadline) return false;
    if (first === reminder) {
      reminder = undefined;
      yield* step(ctx, Steps.remind, { sale, dueBy: dueBy.toISOString() });
      continue;
    }
    funds = ctx.waitForExternalEvent(FUNDS_ADDED);
    if ((yield* step(ctx, Steps.hold, sale)) as boolean) return true;
  }
}

async function* fail(ctx: WorkflowContext, sale: Sale, failure: string): Saga<SettlementResult> {
  yield* step(ctx, Steps.fail, { sale, failure });
  return { status: "failed", failure };
}

/** Runs an activity, retrying a failure after a durable timer, up to STEP_ATTEMPTS times. */
async function* step(ctx: WorkflowContext, name: string, input: unknown): Saga<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return yield ctx.callActivity(name, input);
    } catch (err) {
      if (attempt >= STEP_ATTEMPTS) throw err;
      yield ctx.createTimer(new Date(ctx.getCurrentUtcDateTime().getTime() + backoffMs(attempt)));
    }
  }
}
