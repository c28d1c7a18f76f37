import { describe, expect, it } from "vitest";
import { fieldErrorsFromDetails, passwordAdvice } from "../../src/domain/api-field-errors";
import { type DraftForm, emptyDraft, rescheduleIfStarted, START_LEAD_MS, toCreateRequest } from "../../src/domain/listing-draft";

const now = Date.parse("2026-11-24T19:00:00.000Z");
const form = (over: Partial<DraftForm> = {}): DraftForm => ({
  ...emptyDraft,
  title: "Vintage camera",
  description: "Works.",
  category: "electronics",
  imageUrls: "https://img.example/a.jpg\n\n /img/b.jpg ",
  startingPrice: "20",
  reservePrice: "",
  increment: "0.50",
  durationMinutes: "60",
  ...over,
});

describe("the seller's form becomes a CreateListingRequest", () => {
  it("converts dollars to cents, lines to URLs, and a start-on-publish to just after now", () => {
    const result = toCreateRequest(form(), now);
    expect(result).toEqual({
      ok: true,
      request: {
        title: "Vintage camera",
        description: "Works.",
        category: "electronics",
        imageUrls: ["https://img.example/a.jpg", "/img/b.jpg"],
        startingPrice: 2000,
        reservePrice: null,
        incrementRule: { kind: "fixed", amount: 50 },
        startsAt: new Date(now + START_LEAD_MS).toISOString(),
        endsAt: new Date(now + START_LEAD_MS + 3_600_000).toISOString(),
        antiSniping: { windowSeconds: 60, extensionSeconds: 60 },
      },
    });
  });

  it("reports each field that is wrong, in words", () => {
    const result = toCreateRequest(form({ startingPrice: "twenty", increment: "0", category: "", antiSnipingWindowSeconds: "-1" }), now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["antiSnipingWindowSeconds", "category", "increment", "startingPrice"]);
  });

  it("applies the contract's rules too: short titles, reserve below the start", () => {
    const result = toCreateRequest(form({ title: "ab", reservePrice: "10" }), now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.title).toBeDefined();
    expect(result.errors.reservePrice).toMatch(/at least startingPrice/);
  });

  it("moves a draft whose start has passed to start now, keeping its length", () => {
    const moved = rescheduleIfStarted(
      { startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 540_000).toISOString() },
      now,
    );
    expect(moved).toEqual({
      startsAt: new Date(now + START_LEAD_MS).toISOString(),
      endsAt: new Date(now + START_LEAD_MS + 600_000).toISOString(),
    });
    expect(
      rescheduleIfStarted({ startsAt: new Date(now + 60_000).toISOString(), endsAt: new Date(now + 120_000).toISOString() }, now),
    ).toBeNull();
  });
});

describe("server error details on forms", () => {
  it("maps VALIDATION_FAILED details to fields by the first path segment", () => {
    expect(
      fieldErrorsFromDetails([
        { path: "email", message: "must be an e-mail address" },
        { path: ["incrementRule", "amount"], message: "must be positive" },
        { path: "title.0", message: "too short" },
        { nonsense: true },
      ]),
    ).toEqual({ email: "must be an e-mail address", incrementRule: "must be positive", title: "too short" });
    expect(fieldErrorsFromDetails("not a list")).toEqual({});
  });

  it("reads WEAK_PASSWORD advice", () => {
    expect(passwordAdvice({ warning: "This is a common password.", suggestions: ["Add another word", 3] })).toEqual({
      warning: "This is a common password.",
      suggestions: ["Add another word"],
    });
    expect(passwordAdvice(null)).toEqual({ warning: "", suggestions: [] });
  });
});
