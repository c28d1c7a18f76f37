import type { PlaceBidResult } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { AnswerBook, appendToChunks, expiredChunks } from "../../src/domain/answer-book.js";

const answer = (n: number): PlaceBidResult => ({ accepted: false, auctionId: "a1", code: "BID_TOO_LOW", message: `m${n}` });

describe("AnswerBook", () => {
  it("keeps the first answer per key and hands out only what is new since the last save", () => {
    const book = AnswerBook.of([["old", answer(0), 0]]);
    book.record("k1", answer(1), 10);
    book.record("k1", answer(2), 11);
    book.record("old", answer(3), 12);
    expect(book.get("k1")).toEqual(answer(1));
    expect(book.get("old")).toEqual(answer(0));
    expect(book.hasUnsaved).toBe(true);
    expect(book.takeUnsaved()).toEqual([["k1", answer(1), 10]]);
    expect(book.takeUnsaved()).toEqual([]);
    expect(book.hasUnsaved).toBe(false);
    expect(book.size).toBe(2);
  });

  it("forgets the answers given before the window, oldest first, and keeps the rest", () => {
    const book = new AnswerBook();
    for (let i = 0; i < 10; i++) book.record(`k${i}`, answer(i), 1000 + i * 100);
    expect(book.forgetBefore(1500)).toBe(5);
    expect(book.size).toBe(5);
    expect(book.get("k4")).toBeUndefined();
    expect(book.get("k5")).toEqual(answer(5));
    expect(book.forgetBefore(1500)).toBe(0);
  });

  it("keeps only the newest answers when told how many", () => {
    const book = new AnswerBook();
    for (let i = 0; i < 10; i++) book.record(`k${i}`, answer(i), 1000);
    expect(book.keepNewest(3)).toBe(7);
    expect(book.get("k6")).toBeUndefined();
    expect(book.get("k7")).toEqual(answer(7));
    expect(book.keepNewest(3)).toBe(0);
  });
});

describe("appendToChunks", () => {
  it("fills the last chunk, then opens new ones", () => {
    expect(appendToChunks(3, ["a", "b", "c"], ["d", "e", "f"], 4)).toEqual([
      { index: 0, entries: ["a", "b", "c", "d"] },
      { index: 1, entries: ["e", "f"] },
    ]);
  });

  it("starts a fresh chunk when the last one is full", () => {
    expect(appendToChunks(4, ["a", "b", "c", "d"], ["e"], 4)).toEqual([{ index: 1, entries: ["e"] }]);
    expect(appendToChunks(0, [], ["a"], 4)).toEqual([{ index: 0, entries: ["a"] }]);
  });

  it("writes a batch larger than a chunk across several", () => {
    const added = Array.from({ length: 10 }, (_, i) => i);
    expect(appendToChunks(2, [100, 101], added, 4).map((c) => [c.index, c.entries.length])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
    ]);
  });
});

describe("expiredChunks", () => {
  const newest = new Map([
    [3, 100],
    [4, 200],
    [5, 300],
    [6, 400],
  ]);
  // Chunks 3..6 of 10 answers each: 40 answers kept, chunk 6 being written.
  const window = { first: 3, last: 6, count: 70, size: 10 };
  const at = (i: number) => newest.get(i);

  it("lists the oldest chunks whose newest answer is before the window", () => {
    expect(expiredChunks(window, at, 250, 1000)).toEqual([3, 4]);
  });

  it("never lists the chunk being written, however old", () => {
    expect(expiredChunks(window, at, 10_000, 1000)).toEqual([3, 4, 5]);
  });

  it("stops at the first chunk still inside the window", () => {
    expect(expiredChunks(window, at, 50, 1000)).toEqual([]);
  });

  it("also lists the oldest chunks beyond the newest maxKept answers, however young", () => {
    expect(expiredChunks(window, at, 50, 20)).toEqual([3, 4]);
    expect(expiredChunks(window, at, 50, 25)).toEqual([3]);
  });
});
