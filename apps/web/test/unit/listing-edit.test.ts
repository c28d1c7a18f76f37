import type { Listing } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyDraft, START_LEAD_MS, toCreateRequest } from "../../src/domain/listing-draft";
import { draftFromListing, onPublishStartOf, planPublish, startsOnPublish, toUpdateRequest } from "../../src/domain/listing-edit";
import { addPicked, removePhoto, uploadSucceeded } from "../../src/domain/listing-photos";
import { priceSummary, reserveSummary, scheduleSummary } from "../../src/domain/my-listings";

const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "America/New_York";
});
afterAll(() => {
  process.env.TZ = zone;
});

const now = Date.parse("2026-11-24T19:00:00.000Z"); // 14:00 in New York
const iso = (ms: number) => new Date(ms).toISOString();

function listing(over: Partial<Listing> = {}): Listing {
  return {
    id: "a1",
    sellerId: "s1",
    sellerName: "Greta",
    title: "Tin robot",
    description: "Walks.",
    category: "collectibles",
    imageUrls: ["/favicon.svg"],
    startingPrice: 2500,
    reservePrice: 4000,
    hasReserve: true,
    incrementRule: { kind: "fixed", amount: 250 },
    // Made "when I publish it", 10 minutes ago, lasting 1 hour.
    startsAt: iso(now - 600_000 + START_LEAD_MS),
    endsAt: iso(now - 600_000 + START_LEAD_MS + 3_600_000),
    antiSniping: { windowSeconds: 60, extensionSeconds: 60 },
    status: "draft",
    winnerId: null,
    finalPrice: null,
    createdAt: iso(now - 600_000),
    updatedAt: iso(now - 600_000),
    ...over,
  };
}

describe("editing a draft", () => {
  it("fills the form with the draft's values, in dollars", () => {
    expect(draftFromListing(listing(), now)).toEqual({
      ...emptyDraft,
      title: "Tin robot",
      description: "Walks.",
      category: "collectibles",
      photos: [{ key: "saved-0", state: "ready", url: "/favicon.svg", thumbnail: "/favicon.svg" }],
      startingPrice: "25.00",
      reservePrice: "40.00",
      increment: "2.50",
      tiers: [{ key: 0, from: "0.00", amount: "2.50" }],
      startMode: "on-publish",
      endMode: "after",
      durationMinutes: "60",
    });
  });

  it("shows a set start and end in the seller's local time, and steps by price as rows", () => {
    const form = draftFromListing(
      listing({
        startsAt: "2026-11-25T15:00:00.000Z",
        endsAt: "2026-11-25T17:45:00.000Z",
        incrementRule: {
          kind: "tiered",
          tiers: [
            { from: 0, amount: 100 },
            { from: 10_000, amount: 500 },
          ],
        },
      }),
      now,
    );
    expect(form).toMatchObject({ startMode: "at", startsAt: "2026-11-25T10:00", endMode: "at", endsAt: "2026-11-25T12:45" });
    expect(form.incrementMode).toBe("tiered");
    expect(form.tiers).toEqual([
      { key: 0, from: "0.00", amount: "1.00" },
      { key: 1, from: "100.00", amount: "5.00" },
    ]);
  });

  it("tells a start-on-publish placeholder from a start the seller set", () => {
    const placeholder = listing();
    expect(startsOnPublish(placeholder, now)).toBe(true);
    expect(onPublishStartOf(placeholder, now)).toBe(Date.parse(placeholder.startsAt));
    const justSaved = listing({ updatedAt: iso(now), startsAt: iso(now + START_LEAD_MS), endsAt: iso(now + 4_000_000) });
    expect(startsOnPublish(justSaved, now)).toBe(true);
    const set = listing({ updatedAt: iso(now), startsAt: iso(now + 3_600_000), endsAt: iso(now + 7_200_000) });
    expect(startsOnPublish(set, now)).toBe(false);
    expect(onPublishStartOf(set, now)).toBeUndefined();
  });

  it("sends only what changed: nothing for an untouched form", () => {
    const draft = listing();
    const unchanged = toCreateRequest(draftFromListing(draft, now), now, onPublishStartOf(draft, now));
    if (!unchanged.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, unchanged.request)).toEqual({});
  });

  it("a draft made elsewhere (times to the millisecond, a length no preset has) is not moved by an edit", () => {
    const draft = listing({ startsAt: iso(now - 1234), endsAt: iso(now + 600_000 - 1234) });
    const form = draftFromListing(draft, now);
    expect(form).toMatchObject({ startMode: "on-publish", endMode: "at", endsAt: "2026-11-24T14:09:58.766" });
    const built = toCreateRequest({ ...form, title: "Tin robot, boxed" }, now, onPublishStartOf(draft, now));
    if (!built.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, built.request)).toEqual({ title: "Tin robot, boxed" });
  });

  it("sends only what changed: the title and a step", () => {
    const draft = listing({
      incrementRule: {
        kind: "tiered",
        tiers: [
          { from: 0, amount: 100 },
          { from: 10_000, amount: 500 },
        ],
      },
    });
    const form = draftFromListing(draft, now);
    form.title = "Tin robot, boxed";
    form.tiers = form.tiers.map((t, i) => (i === 1 ? { ...t, amount: "7.50" } : t));
    const built = toCreateRequest(form, now, onPublishStartOf(draft, now));
    if (!built.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, built.request)).toEqual({
      title: "Tin robot, boxed",
      incrementRule: {
        kind: "tiered",
        tiers: [
          { from: 0, amount: 100 },
          { from: 10_000, amount: 750 },
        ],
      },
    });
  });

  it("a set start replaces the placeholder; removing the reserve sends null", () => {
    const draft = listing();
    const form = { ...draftFromListing(draft, now), startMode: "at" as const, startsAt: "2026-11-24T16:00", reservePrice: "" };
    const built = toCreateRequest(form, now, onPublishStartOf(draft, now));
    if (!built.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, built.request)).toEqual({
      reservePrice: null,
      startsAt: "2026-11-24T16:00:00.000-05:00",
      endsAt: "2026-11-24T17:00:00.000-05:00",
    });
  });
});

describe("editing a draft's photos", () => {
  const uploaded = (hex: string) => `/api/images/${hex.repeat(32)}-display.webp`;
  const outside = "https://img.example/robot.jpg";

  it("shows uploaded photos by their thumbnail and outside URLs as they are", () => {
    const form = draftFromListing(listing({ imageUrls: [uploaded("a"), outside] }), now);
    expect(form.photos).toEqual([
      { key: "saved-0", state: "ready", url: uploaded("a"), thumbnail: `/api/images/${"a".repeat(32)}-thumb.webp` },
      { key: "saved-1", state: "ready", url: outside, thumbnail: outside },
    ]);
  });

  it("keeps the photos it does not touch, and sends the new list in order when one is removed or added", () => {
    const draft = listing({ imageUrls: [outside, uploaded("a"), uploaded("b")] });
    const form = draftFromListing(draft, now);
    const untouched = toCreateRequest(form, now, onPublishStartOf(draft, now));
    if (!untouched.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, untouched.request)).toEqual({});

    const removed = toCreateRequest({ ...form, photos: removePhoto(form.photos, "saved-1") }, now, onPublishStartOf(draft, now));
    if (!removed.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, removed.request)).toEqual({ imageUrls: [outside, uploaded("b")] });

    const { photos } = addPicked(form.photos, [{ key: "upload-0", name: "c.png", size: 1000 }]);
    const added = uploadSucceeded(photos, "upload-0", {
      id: "c".repeat(32),
      display: uploaded("c"),
      thumbnail: `/api/images/${"c".repeat(32)}-thumb.webp`,
      width: 900,
      height: 900,
    }).photos;
    const built = toCreateRequest({ ...form, photos: added }, now, onPublishStartOf(draft, now));
    if (!built.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, built.request)).toEqual({ imageUrls: [outside, uploaded("a"), uploaded("b"), uploaded("c")] });
  });

  it("removing every photo sends an empty list", () => {
    const draft = listing();
    const built = toCreateRequest({ ...draftFromListing(draft, now), photos: [] }, now, onPublishStartOf(draft, now));
    if (!built.ok) throw new Error("expected a request");
    expect(toUpdateRequest(draft, built.request)).toEqual({ imageUrls: [] });
  });
});

describe("publishing a draft", () => {
  it("leaves a start that is still ahead", () => {
    expect(planPublish({ startsAt: iso(now + 60_000), endsAt: iso(now + 120_000) }, now)).toEqual({ kind: "as-is" });
  });

  it("moves a passed start to now, keeping a preset length", () => {
    const plan = planPublish({ startsAt: iso(now - 60_000), endsAt: iso(now - 60_000 + 300_000) }, now);
    if (plan.kind !== "move") throw new Error("expected a move");
    expect(Date.parse(plan.update.startsAt ?? "")).toBe(now + START_LEAD_MS);
    expect(Date.parse(plan.update.endsAt ?? "")).toBe(now + START_LEAD_MS + 300_000);
  });

  it("keeps an end the seller set as a time, unless it has passed", () => {
    const plan = planPublish({ startsAt: iso(now - 60_000), endsAt: iso(now + 1_234_567) }, now);
    if (plan.kind !== "move") throw new Error("expected a move");
    expect(Object.keys(plan.update)).toEqual(["startsAt"]);
    expect(planPublish({ startsAt: iso(now - 60_000), endsAt: iso(now + 2000) }, now).kind).toBe("ended");
  });
});

describe("the seller's list", () => {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);

  it("shows the seller's own reserve, and only whether there is one to others", () => {
    expect(reserveSummary(listing())).toBe("Reserve: $40.00 (only you see this)");
    expect(reserveSummary(listing({ reservePrice: null }))).toBe("Has a reserve price");
    expect(reserveSummary(listing({ reservePrice: null, hasReserve: false }))).toBe("No reserve");
  });

  it("shows the price and the steps", () => {
    expect(priceSummary(listing())).toBe("From $25.00 · Step $2.50");
    expect(
      priceSummary(
        listing({
          incrementRule: {
            kind: "tiered",
            tiers: [
              { from: 0, amount: 100 },
              { from: 10_000, amount: 500 },
            ],
          },
        }),
      ),
    ).toBe("From $25.00 · Steps $1.00 from $0.00, $5.00 from $100.00");
  });

  it("shows when bidding runs", () => {
    expect(scheduleSummary(listing(), now, time)).toBe("Starts when you publish it · lasts 1 hour");
    const set = listing({ updatedAt: iso(now), startsAt: "2026-11-24T21:00:00.000Z", endsAt: "2026-11-24T22:10:00.000Z" });
    expect(scheduleSummary(set, now, time)).toBe("Starts 21:00 · ends 22:10");
    expect(scheduleSummary({ ...set, status: "live" }, now, time)).toBe("Ends 22:10");
    expect(scheduleSummary({ ...set, status: "sold" }, now, time)).toBe("Ended 22:10");
  });
});
