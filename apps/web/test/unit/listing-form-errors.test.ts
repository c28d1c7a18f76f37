import { describe, expect, it } from "vitest";
import { type DraftForm, emptyDraft } from "../../src/domain/listing-draft";
import { fieldForPath, fieldOrder, firstInvalid, formErrorsFromApi } from "../../src/domain/listing-form-errors";

const tiered: DraftForm = {
  ...emptyDraft,
  incrementMode: "tiered",
  tiers: [
    { key: 0, from: "0.00", amount: "1" },
    { key: 4, from: "100", amount: "5" },
  ],
  startMode: "at",
  endMode: "at",
};

describe("where a message shows and which field gets the focus", () => {
  it("lists the fields in the order the form shows them", () => {
    expect(fieldOrder(emptyDraft)).toEqual([
      "title",
      "description",
      "category",
      "photos",
      "startingPrice",
      "reservePrice",
      "incrementMode",
      "increment",
      "startMode",
      "endMode",
      "durationMinutes",
      "antiSnipingWindowSeconds",
      "antiSnipingExtensionSeconds",
    ]);
    expect(fieldOrder(tiered).slice(6, 13)).toEqual([
      "incrementMode",
      "tiers.0.from",
      "tiers.0.amount",
      "tiers.1.from",
      "tiers.1.amount",
      "startMode",
      "startsAt",
    ]);
  });

  it("focuses the first invalid field in form order, not in the order found", () => {
    expect(firstInvalid(emptyDraft, { startingPrice: "x", category: "y", antiSnipingWindowSeconds: "z" })).toBe("category");
    expect(firstInvalid(tiered, { endsAt: "x", "tiers.1.amount": "y" })).toBe("tiers.1.amount");
    expect(firstInvalid(emptyDraft, {})).toBeUndefined();
  });

  it("maps request paths (the contract's or the server's) to fields", () => {
    expect(fieldForPath("incrementRule.tiers.1.amount", tiered)).toBe("tiers.1.amount");
    expect(fieldForPath(["incrementRule", "tiers", 0, "from"], tiered)).toBe("tiers.0.from");
    expect(fieldForPath("incrementRule.tiers", tiered)).toBe("incrementMode");
    expect(fieldForPath("incrementRule.amount", emptyDraft)).toBe("increment");
    expect(fieldForPath("endsAt", emptyDraft)).toBe("durationMinutes");
    expect(fieldForPath("endsAt", tiered)).toBe("endsAt");
    expect(fieldForPath("startsAt", emptyDraft)).toBe("startMode");
    expect(fieldForPath("antiSniping.extensionSeconds", emptyDraft)).toBe("antiSnipingExtensionSeconds");
    expect(fieldForPath("imageUrls.3", emptyDraft)).toBe("photos");
    expect(fieldForPath("", emptyDraft)).toBeNull();
    expect(fieldForPath("sellerId", emptyDraft)).toBeNull();
  });
});

describe("a refusal from the server, on the form", () => {
  it("VALIDATION_FAILED details go next to their fields; the rest is the form's message", () => {
    const refused = formErrorsFromApi(
      {
        code: "VALIDATION_FAILED",
        message: "Invalid body: …",
        details: [
          { path: "title", message: "Too small" },
          { path: "incrementRule.tiers.1.from", message: "tiers must be in ascending order" },
          { path: "", message: "nothing to change" },
        ],
      },
      tiered,
    );
    expect(refused).toEqual({
      errors: { title: "Too small", "tiers.1.from": "tiers must be in ascending order" },
      general: "nothing to change",
    });
  });

  it("a rule about one field (the catalogue's 422s) goes next to it; anything else is the form's message", () => {
    expect(formErrorsFromApi({ code: "INVALID_RESERVE", message: "reservePrice must be at least startingPrice" }, emptyDraft)).toEqual({
      errors: { reservePrice: "reservePrice must be at least startingPrice" },
      general: undefined,
    });
    expect(formErrorsFromApi({ code: "AUCTION_NOT_EDITABLE", message: "a live auction can no longer be edited" }, emptyDraft)).toEqual({
      errors: {},
      general: "a live auction can no longer be edited",
    });
  });
});
