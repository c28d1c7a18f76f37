import type { PlaceBidResult } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { AnswerBook, appendToChunks } from "../../src/domain/answer-book.js";

const answer = (n: number): PlaceBidResult => ({ accepted: false, auctionId: "a1", code: "BID_TOO_LOW", message: `m${n}` });

describe("AnswerBook", () => {
  it("keeps the first answer per key and hands out only what is new since the last save", () => {
    const book = AnswerBook.of([["old", answer(0)]]);
    book.record("k1", answer(1));
    book.record("k1", answer(2));
    book.record("old", answer(3));
    expect(book.get("k1")).toEqual(answer(1));
    expect(book.get("old")).toEqual(answer(0));
    expect(book.takeUnsaved()).toEqual([["k1", answer(1)]]);
    expect(book.takeUnsaved()).toEqual([]);
    expect(book.size).toBe(2);
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
