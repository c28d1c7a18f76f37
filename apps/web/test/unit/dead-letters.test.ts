import { describe, expect, it } from "vitest";
import { actionError, actionOutcome, canResolve, payloadPreview, statusFilters } from "../../src/domain/dead-letters";

describe("the dead-letters page's rules", () => {
  it("offers every status and all, waiting first", () => {
    expect(statusFilters.map((f) => f.value)).toEqual(["waiting", "replayed", "discarded", ""]);
  });

  it("acts only on waiting dead letters", () => {
    expect(canResolve({ status: "waiting" })).toBe(true);
    expect(canResolve({ status: "replayed" })).toBe(false);
    expect(canResolve({ status: "discarded" })).toBe(false);
  });

  it("previews payloads on one bounded line", () => {
    expect(payloadPreview({ type: "bid-placed", amount: "a lot" })).toBe('{"type":"bid-placed","amount":"a lot"}');
    expect(payloadPreview("x".repeat(100), 10)).toBe(`"xxxxxxxx…`);
    expect(payloadPreview(null)).toBe("null");
  });

  it("says what happened, and why a refusal was refused", () => {
    expect(actionOutcome("replay", { changed: true, deadLetter: { status: "replayed" } })).toMatch(/^Replayed/);
    expect(actionOutcome("discard", { changed: false, deadLetter: { status: "discarded" } })).toBe(
      "Nothing changed: it was discarded already.",
    );
    expect(actionError("DEAD_LETTER_STILL_INVALID", "x")).toMatch(/contract/);
    expect(actionError("SOMETHING_ELSE", "the server's words")).toBe("the server's words");
  });
});
