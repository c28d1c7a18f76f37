/**
 * The saga's decisions, driven without daprd: a fake context records what the orchestration
 * asks for (activities, timers, events) and a script answers each request.
 */
import type { WorkflowContext } from "@dapr/dapr";
import { describe, expect, it } from "vitest";
import {
  FUNDS_ADDED,
  type SettlementInput,
  type SettlementResult,
  STEP_ATTEMPTS,
  Steps,
  settleAuction,
} from "../../src/settlement-workflow.js";

type Request =
  | { kind: "activity"; name: string; input: unknown }
  | { kind: "timer"; at: Date }
  | { kind: "event"; name: string }
  | { kind: "any"; tasks: Request[] };

const NOW = new Date("2026-11-27T12:00:00.000Z");
const fakeContext = {
  callActivity: (name: string, input: unknown): Request => ({ kind: "activity", name, input }),
  createTimer: (at: Date): Request => ({ kind: "timer", at }),
  waitForExternalEvent: (name: string): Request => ({ kind: "event", name }),
  whenAny: (tasks: Request[]): Request => ({ kind: "any", tasks }),
  getCurrentUtcDateTime: () => NOW,
} as unknown as WorkflowContext;

const input: SettlementInput = { auctionId: "a1", buyerId: "ann", hammerPrice: 10_000, paymentWindowMs: 60_000 };
const sale = { auctionId: "a1", buyerId: "ann", sellerId: "sam", amounts: {} };

/** Runs the saga; `answer` gives each request's result, or an Error to throw into it. */
async function run(answer: (request: Request) => unknown): Promise<{ steps: string[]; result: SettlementResult; requests: Request[] }> {
  const generator = settleAuction(fakeContext, input);
  const steps: string[] = [];
  const requests: Request[] = [];
  let next = await generator.next();
  while (!next.done) {
    const request = next.value as unknown as Request;
    requests.push(request);
    steps.push(request.kind === "activity" ? request.name : request.kind);
    const result = answer(request);
    next = result instanceof Error ? await generator.throw(result) : await generator.next(result);
  }
  return { steps, result: next.value, requests };
}

/**
 * Prepare answers the sale, holds answer `holds` in turn, `any` picks by `raced`; the catalogue
 * confirms unless `refuses`; `failing` names activities that throw that many times.
 */
function script(holds: boolean[], raced: ("funds" | "deadline")[] = [], failing: Record<string, number> = {}, refuses = false) {
  return (r: Request) => {
    if (r.kind === "any") {
      const pick = raced.shift();
      return r.tasks.find((t) => (pick === "funds" ? t.kind === "event" : t.kind === "timer"));
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
});
