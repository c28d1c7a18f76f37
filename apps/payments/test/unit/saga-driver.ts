/**
 * Drives the settlement saga without daprd: a fake context records what the orchestration asks
 * for (activities, timers, events) and the test's `answer` gives each request's result.
 */
import type { WorkflowContext } from "@dapr/dapr";
import { type SettlementInput, type SettlementResult, settleAuction } from "../../src/settlement-workflow.js";

export type Request =
  | { kind: "activity"; name: string; input: unknown }
  | { kind: "timer"; at: Date }
  | { kind: "event"; name: string }
  | { kind: "any"; tasks: Request[] };

export const NOW = new Date("2026-11-27T12:00:00.000Z");
const fakeContext = {
  callActivity: (name: string, input: unknown): Request => ({ kind: "activity", name, input }),
  createTimer: (at: Date): Request => ({ kind: "timer", at }),
  waitForExternalEvent: (name: string): Request => ({ kind: "event", name }),
  whenAny: (tasks: Request[]): Request => ({ kind: "any", tasks }),
  getCurrentUtcDateTime: () => NOW,
} as unknown as WorkflowContext;

/** Runs the saga; `answer` gives each request's result (or a promise of it), or an Error to throw into it. */
export async function runSaga(
  given: SettlementInput,
  answer: (request: Request) => unknown,
): Promise<{ steps: string[]; result: SettlementResult; requests: Request[] }> {
  const generator = settleAuction(fakeContext, given);
  const steps: string[] = [];
  const requests: Request[] = [];
  let next = await generator.next();
  while (!next.done) {
    const request = next.value as unknown as Request;
    requests.push(request);
    steps.push(request.kind === "activity" ? request.name : request.kind);
    const result = await answer(request);
    next = result instanceof Error ? await generator.throw(result) : await generator.next(result);
  }
  return { steps, result: next.value, requests };
}
