import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldErrorsFromDetails, passwordAdvice } from "../../src/domain/api-field-errors";
import { type DraftForm, emptyDraft, START_LEAD_MS, toCreateRequest } from "../../src/domain/listing-draft";
import { photosFromUrls } from "../../src/domain/listing-photos";

// The seller's wall clock: New York, UTC-5 in November.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "America/New_York";
});
afterAll(() => {
  process.env.TZ = zone;
});

const now = Date.parse("2026-11-24T19:00:00.000Z"); // 14:00 in New York
const form = (over: Partial<DraftForm> = {}): DraftForm => ({
  ...emptyDraft,
  title: "Vintage camera",
  description: "Works.",
  category: "electronics",
  photos: photosFromUrls(["https://img.example/a.jpg", "/api/images/0123456789abcdef0123456789abcdef-display.webp"]),
  startingPrice: "20",
  reservePrice: "",
  increment: "0.50",
  durationMinutes: "60",
  ...over,
});

const errorsOf = (f: DraftForm, at = now) => {
  const result = toCreateRequest(f, at);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
};

describe("the seller's form becomes a CreateListingRequest", () => {
  it("converts dollars to cents, photos to their addresses in order, and a start-on-publish to just after now", () => {
    const result = toCreateRequest(form(), now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toMatchObject({
      title: "Vintage camera",
      description: "Works.",
      category: "electronics",
      imageUrls: ["https://img.example/a.jpg", "/api/images/0123456789abcdef0123456789abcdef-display.webp"],
      startingPrice: 2000,
      reservePrice: null,
      incrementRule: { kind: "fixed", amount: 50 },
      antiSniping: { windowSeconds: 60, extensionSeconds: 60 },
    });
    expect(Date.parse(result.request.startsAt)).toBe(now + START_LEAD_MS);
    expect(Date.parse(result.request.endsAt)).toBe(now + START_LEAD_MS + 3_600_000);
  });

  it("sends set start and end times as ISO instants with the seller's offset", () => {
    const result = toCreateRequest(form({ startMode: "at", startsAt: "2026-11-24T18:30", endMode: "at", endsAt: "2026-11-25T09:15" }), now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.startsAt).toBe("2026-11-24T18:30:00.000-05:00");
    expect(result.request.endsAt).toBe("2026-11-25T09:15:00.000-05:00");
    expect(Date.parse(result.request.startsAt)).toBe(Date.parse("2026-11-24T23:30:00Z"));
  });

  it("a set start with a length ends that long after the start", () => {
    const result = toCreateRequest(form({ startMode: "at", startsAt: "2026-11-24T18:30", durationMinutes: "1440" }), now);
    if (!result.ok) throw new Error("expected a request");
    expect(Date.parse(result.request.endsAt) - Date.parse(result.request.startsAt)).toBe(86_400_000);
  });

  it("an edit keeps a start-on-publish where the draft has it", () => {
    const kept = now - 60_000;
    const result = toCreateRequest(form(), now, kept);
    if (!result.ok) throw new Error("expected a request");
    expect(Date.parse(result.request.startsAt)).toBe(kept);
    expect(Date.parse(result.request.endsAt)).toBe(kept + 3_600_000);
  });

  it("sends steps by price in cents", () => {
    const tiers = [
      { key: 0, from: "0.00", amount: "1" },
      { key: 1, from: "100", amount: "5.00" },
      { key: 2, from: "$1,000", amount: "25" },
    ];
    const result = toCreateRequest(form({ incrementMode: "tiered", tiers }), now);
    if (!result.ok) throw new Error("expected a request");
    expect(result.request.incrementRule).toEqual({
      kind: "tiered",
      tiers: [
        { from: 0, amount: 100 },
        { from: 10_000, amount: 500 },
        { from: 100_000, amount: 2500 },
      ],
    });
  });
});

describe("every error at once", () => {
  it("an empty form names every field a person must fill, not just the first", () => {
    const errors = errorsOf({ ...emptyDraft, increment: "" });
    expect(Object.keys(errors).sort()).toEqual(["category", "increment", "startingPrice", "title"]);
    expect(errors.title).toBe("Enter a title.");
  });

  it("reports each field that is wrong, in words, along with the contract's rules", () => {
    const errors = errorsOf(
      form({
        title: "ab",
        startingPrice: "twenty",
        increment: "0",
        category: "",
        antiSnipingWindowSeconds: "-1",
        photos: photosFromUrls(["ftp://x"]),
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(["antiSnipingWindowSeconds", "category", "increment", "photos", "startingPrice", "title"]);
    expect(errors.title).toBe("Enter a title of at least 3 characters.");
  });

  it("photos still uploading hold the request back; the rest is checked as usual", () => {
    const uploading = form({
      title: "",
      photos: [...photosFromUrls(["/img/a.jpg"]), { key: "upload-0", state: "uploading", fileName: "b.png" }],
    });
    const errors = errorsOf(uploading);
    expect(errors.photos).toBe("Wait until every photo has uploaded, or remove the ones still uploading.");
    expect(errors.title).toBe("Enter a title.");
  });

  it("more than 10 photos (only a listing made elsewhere can have them)", () => {
    const urls = Array.from({ length: 11 }, (_, i) => `/img/${i}.jpg`);
    expect(errorsOf(form({ photos: photosFromUrls(urls) })).photos).toBe("Keep at most 10 photos: remove 1.");
  });

  it("a reserve below the starting price", () => {
    expect(errorsOf(form({ reservePrice: "10" })).reservePrice).toBe("The reserve must be at least the starting price.");
  });

  it("amounts above what the contract accepts", () => {
    expect(errorsOf(form({ startingPrice: "99999999999" })).startingPrice).toBe("Enter at most $10,000,000,000.00.");
  });

  it("text the contract refuses (control characters) is reported with the rest", () => {
    const errors = errorsOf(form({ title: "Bad\u0007title", category: "" }));
    expect(errors.title).toMatch(/control characters/);
    expect(errors.category).toBeDefined();
  });

  it("steps by price: ascending starts and positive steps, one message per box", () => {
    const tiers = [
      { key: 0, from: "0.00", amount: "0" },
      { key: 1, from: "100", amount: "5" },
      { key: 2, from: "50", amount: "" },
      { key: 3, from: "", amount: "1" },
    ];
    const errors = errorsOf(form({ incrementMode: "tiered", tiers }));
    expect(errors).toEqual({
      "tiers.0.amount": "Enter a step above $0.00, like 1 or 0.50.",
      "tiers.2.from": "Enter a price above the row before ($100.00).",
      "tiers.2.amount": "Enter a step above $0.00, like 1 or 0.50.",
      "tiers.3.from": "Enter the price this step starts from.",
    });
  });

  it("schedule: a set start in the past, an end before the start", () => {
    // 13:59 in New York is a minute before now.
    expect(errorsOf(form({ startMode: "at", startsAt: "2026-11-24T13:59" })).startsAt).toBe("Choose a start time in the future.");
    const endBeforeStart = errorsOf(form({ startMode: "at", startsAt: "2026-11-24T18:00", endMode: "at", endsAt: "2026-11-24T17:00" }));
    expect(endBeforeStart).toEqual({ endsAt: "Choose an end time after the start." });
    expect(errorsOf(form({ endMode: "at", endsAt: "2026-11-24T13:00" })).endsAt).toBe("Choose an end time in the future.");
    expect(errorsOf(form({ startMode: "at", startsAt: "", endMode: "at", endsAt: "2026-02-30T10:00" }))).toEqual({
      startsAt: "Choose the date and time bidding starts.",
      endsAt: "Enter a date and time, like 2026-11-24 21:30.",
    });
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
