/**
 * The saga's decisions, driven without daprd (saga-driver.ts): a script answers each request.
 */
import { describe, expect, it } from "vitest";
import { FUNDS_ADDED, OFFER_ACCEPTED, type SettlementInput, STEP_ATTEMPTS, Steps, settleAuction } from "../../src/settlement-workflow.js";
import { type Request, runSaga } from "./saga-driver.js";

const input: SettlementInput = { auctionId: "a1", buyerId: "ann", hammerPrice: 10_000, paymentWindowMs: 60_000 };
const sale = { auctionId: "a1", buyerId: "ann", sellerId: "sam", amounts: {} };

const run = (answer: (request: Request) => unknown, given: SettlementInput = input): ReturnType<typeof runSaga> => runSaga(given, answer);

/**
 * Prepare answers the sale, holds answer `holds` in turn, `any` picks by `raced`; the catalogue
 * confirms unless `refuses`; `failing` names activities that throw that many times.
 */
function script(
  holds: boolean[],
  raced: ("funds" | "deadline" | "reminder")[] = [],
  failing: Record<string, number> = {},
  refuses = false,
) {
  return (r: Request) => {
    if (r.kind === "any") {
      // The race is [funds, deadline, reminder?].
      const pick = raced.shift();
      return r.tasks[pick === "funds" ? 0 : pick === "deadline" ? 1 : 2];
    }
    if (r.kind !== "activity") return undefined;
    if ((failing[r.name] ?? 0) > 0) {
      failing[r.name] = (failing[r.name] ?? 0) - 1;
      return new Error(`${r.name} failed`);
    }
    if (r.name === Steps.prepare) return sale;
    if (r.name === Steps.hold) return holds.shift();
    if (r.name === Steps.confirmSale) return refuses ? { refused: "SALE_SETTLED" } : { confirmed: true };
    return undefined;
  };
}

describe("the settlement saga", () => {
  it("is an async generator: durabletask-js marks a plain generator's instance COMPLETED at once", () => {
    expect(Object.prototype.toString.call(settleAuction)).toBe("[object AsyncGeneratorFunction]");
  });

  it("holds, confirms the sale, captures and completes when the buyer can pay", async () => {
    const { steps, result } = await run(script([true]));
    expect(steps).toEqual([Steps.prepare, Steps.hold, Steps.confirmSale, Steps.capture, Steps.complete]);
    expect(result).toEqual({ status: "completed" });
  });

  it("announces the payment due, waits for funds or the deadline, and completes once funds come", async () => {
    const { steps, result, requests } = await run(script([false, false, true], ["funds", "funds"]));
    expect(steps).toEqual([
      Steps.prepare,
      Steps.hold,
      Steps.awaitPayment,
      "any",
      Steps.hold,
      "any",
      Steps.hold,
      Steps.confirmSale,
      Steps.capture,
      Steps.complete,
    ]);
    expect(result).toEqual({ status: "completed" });
    const due = requests[2] as Extract<Request, { kind: "activity" }>;
    expect(due.input).toEqual({ sale, dueBy: "2026-11-27T12:01:00.000Z" });
    const race = requests[3] as Extract<Request, { kind: "any" }>;
    expect(race.tasks).toEqual([
      { kind: "event", name: FUNDS_ADDED },
      { kind: "timer", at: new Date("2026-11-27T12:01:00.000Z") },
    ]);
  });

  it("fails when the deadline passes first, without confirming, capturing or releasing anything", async () => {
    const { steps, result } = await run(script([false], ["deadline"]));
    expect(steps).toEqual([Steps.prepare, Steps.hold, Steps.awaitPayment, "any", Steps.fail]);
    expect(result).toEqual({ status: "failed", failure: "the buyer did not pay before the deadline" });
  });

  it("releases the hold and fails when the catalogue refuses the sale", async () => {
    const { steps, result } = await run(script([true], [], {}, true));
    expect(steps).toEqual([Steps.prepare, Steps.hold, Steps.confirmSale, Steps.release, Steps.fail]);
    expect(result.status).toBe("failed");
    expect(result.failure).toMatch(/refused.*released/);
  });

  it("retries a failing step after a durable timer, then goes on", async () => {
    const { steps, result } = await run(script([true], [], { [Steps.capture]: 2, [Steps.confirmSale]: 1 }));
    expect(steps).toEqual([
      Steps.prepare,
      Steps.hold,
      Steps.confirmSale,
      "timer",
      Steps.confirmSale,
      Steps.capture,
      "timer",
      Steps.capture,
      "timer",
      Steps.capture,
      Steps.complete,
    ]);
    expect(result).toEqual({ status: "completed" });
  });

  it("stops the safe way when a step keeps failing: releases what is held, marks it failed", async () => {
    const { steps, result } = await run(script([true], [], { [Steps.capture]: STEP_ATTEMPTS }));
    expect(steps.filter((s) => s === Steps.capture)).toHaveLength(STEP_ATTEMPTS);
    expect(steps.slice(-2)).toEqual([Steps.release, Steps.fail]);
    expect(result.status).toBe("failed");
  });

  it("reminds the buyer once before the deadline, then still completes when funds come", async () => {
    const { steps, result, requests } = await run(script([false, false, true], ["reminder", "funds", "funds"]), {
      ...input,
      reminderLeadMs: 20_000,
    });
    expect(steps).toEqual([
      Steps.prepare,
      Steps.hold,
      Steps.awaitPayment,
      "any",
      Steps.remind,
      "any",
      Steps.hold,
      "any",
      Steps.hold,
      Steps.confirmSale,
      Steps.capture,
      Steps.complete,
    ]);
    expect(result).toEqual({ status: "completed" });
    const races = requests.filter((r): r is Extract<Request, { kind: "any" }> => r.kind === "any");
    expect(races[0]?.tasks[2]).toEqual({ kind: "timer", at: new Date("2026-11-27T12:00:40.000Z") });
    // After the reminder: no second reminder, and the same wait for funds (a new one would
    // leave the first pending, and the first would swallow the next top-up's event).
    expect(races[1]?.tasks).toHaveLength(2);
    expect(races[1]?.tasks[0]).toBe(races[0]?.tasks[0]);
    expect(races[1]?.tasks[1]).toBe(races[0]?.tasks[1]);
    // After a top-up that was not enough: a fresh wait for the next one, the same deadline.
    expect(races[2]?.tasks[0]).not.toBe(races[1]?.tasks[0]);
    expect(races[2]?.tasks[1]).toBe(races[0]?.tasks[1]);
  });

  it("sets no reminder when its time would be before the payment is even due", async () => {
    const { requests } = await run(script([false], ["deadline"]), { ...input, reminderLeadMs: 60_000 });
    const race = requests.find((r): r is Extract<Request, { kind: "any" }> => r.kind === "any");
    expect(race?.tasks).toHaveLength(2);
  });

  it("reminds, then fails at the deadline when nobody pays", async () => {
    const { steps, result } = await run(script([false], ["reminder", "deadline"]), { ...input, reminderLeadMs: 20_000 });
    expect(steps).toEqual([Steps.prepare, Steps.hold, Steps.awaitPayment, "any", Steps.remind, "any", Steps.fail]);
    expect(result.status).toBe("failed");
  });

  describe("when the winner does not pay and there is a runner-up", () => {
    const withRunnerUp: SettlementInput = { ...input, runnerUp: { bidderId: "bob", amount: 8_000 }, offerWindowMs: 30_000 };
    const offered = { ...sale, buyerId: "bob" };
    /** Like script(), with the offer answering the runner-up's sale. */
    const offerScript = (holds: boolean[], raced: ("funds" | "deadline" | "accepted")[]) => {
      const base = script(
        holds,
        raced.map((r) => (r === "accepted" ? "funds" : r)),
      );
      return (r: Request) => (r.kind === "activity" && r.name === Steps.offerSecondChance ? offered : base(r));
    };

    it("offers the lot at the runner-up's highest bid and settles with them when they accept", async () => {
      const { steps, result, requests } = await run(offerScript([false, true], ["deadline", "accepted"]), withRunnerUp);
      expect(steps).toEqual([
        Steps.prepare,
        Steps.hold,
        Steps.awaitPayment,
        "any",
        Steps.offerSecondChance,
        "any",
        Steps.hold,
        Steps.confirmSale,
        Steps.capture,
        Steps.complete,
      ]);
      expect(result).toEqual({ status: "completed" });
      const offer = requests.find((r) => r.kind === "activity" && r.name === Steps.offerSecondChance) as Extract<
        Request,
        { kind: "activity" }
      >;
      expect(offer.input).toEqual({ sale, runnerUp: { bidderId: "bob", amount: 8_000 }, dueBy: "2026-11-27T12:00:30.000Z" });
      // From the offer on, every step is the runner-up's sale.
      const after = requests
        .slice(requests.indexOf(offer) + 1)
        .filter((r): r is Extract<Request, { kind: "activity" }> => r.kind === "activity");
      expect(after.every((r) => r.input === offered)).toBe(true);
      const race = requests.filter((r): r is Extract<Request, { kind: "any" }> => r.kind === "any")[1];
      expect(race?.tasks[0]).toEqual({ kind: "event", name: OFFER_ACCEPTED });
    });

    it("fails (unsold) when the runner-up does not accept before the offer's deadline", async () => {
      const { steps, result } = await run(offerScript([false], ["deadline", "deadline"]), withRunnerUp);
      expect(steps).toEqual([Steps.prepare, Steps.hold, Steps.awaitPayment, "any", Steps.offerSecondChance, "any", Steps.fail]);
      expect(result.failure).toMatch(/runner-up did not take/);
    });

    it("waits on when an acceptance finds the runner-up's wallet short again", async () => {
      const { steps, result } = await run(offerScript([false, false, true], ["deadline", "accepted", "accepted"]), withRunnerUp);
      expect(steps.filter((s) => s === Steps.hold)).toHaveLength(3);
      expect(result.status).toBe("completed");
    });

    it("makes no offer without a runner-up", async () => {
      const { steps } = await run(script([false], ["deadline"]), { ...withRunnerUp, runnerUp: null });
      expect(steps).not.toContain(Steps.offerSecondChance);
    });
  });
});
