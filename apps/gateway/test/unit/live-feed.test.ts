import { describe, expect, it } from "vitest";
import { LiveFeed } from "../../src/domain/live-feed.js";

const ev = (auctionId: string, sequence: number) => ({ auctionId, sequence });

describe("LiveFeed", () => {
  it("keeps events in sequence order even when pub/sub delivers them out of order", () => {
    const feed = new LiveFeed();
    for (const s of [2, 1, 4, 3]) feed.record(ev("a", s));
    expect(feed.since("a").map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
  });

  it("ignores a redelivered sequence", () => {
    const feed = new LiveFeed();
    expect(feed.record(ev("a", 1))).toBe(true);
    expect(feed.record(ev("a", 1))).toBe(false);
    expect(feed.since("a")).toHaveLength(1);
  });

  it("returns exactly the events after a given sequence, per auction", () => {
    const feed = new LiveFeed();
    for (const s of [1, 2, 3]) feed.record(ev("a", s));
    feed.record(ev("b", 1));
    expect(feed.since("a", 1).map((e) => e.sequence)).toEqual([2, 3]);
    expect(feed.since("b", 0)).toHaveLength(1);
    expect(feed.since("c")).toEqual([]);
  });

  it("keeps only the most recent events of an auction", () => {
    const feed = new LiveFeed(3);
    for (let s = 1; s <= 5; s++) feed.record(ev("a", s));
    expect(feed.since("a").map((e) => e.sequence)).toEqual([3, 4, 5]);
  });
});

describe("LiveFeed.coversAfter", () => {
  it("knows when it holds everything after a sequence, and when a snapshot is needed", () => {
    const feed = new LiveFeed(3);
    expect(feed.coversAfter("a", 0)).toBe(false); // never saw the auction
    for (let s = 1; s <= 5; s++) feed.record(ev("a", s)); // keeps 3, 4, 5
    expect(feed.coversAfter("a", 2)).toBe(true);
    expect(feed.coversAfter("a", 5)).toBe(true); // up to date: nothing missed
    expect(feed.coversAfter("a", 1)).toBe(false); // sequence 2 was dropped
  });
});

describe("LiveFeed.coversAfter with a hole (a sidecar restart lost deliveries)", () => {
  it("does not claim to hold everything after a sequence when events in between never arrived", () => {
    const feed = new LiveFeed();
    for (const s of [1, 2, 3, 7, 8]) feed.record(ev("a", s)); // 4-6 lost while the sidecar was away
    expect(feed.coversAfter("a", 2)).toBe(false);
    expect(feed.coversAfter("a", 7)).toBe(true); // everything after 7 is here
    expect(feed.coversAfter("a", 6)).toBe(true); // 7 and 8 follow 6 without a gap
  });
});
