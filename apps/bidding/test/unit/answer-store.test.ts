import type { PlaceBidResult } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { AnswerStore } from "../../src/answer-store.js";
import { memoryState } from "./memory-state.js";

const answer = (n: number): PlaceBidResult => ({ accepted: false, auctionId: "a1", code: "BID_TOO_LOW", message: `m${n}` });
const MINUTE = 60_000;
const chunkKeys = (data: Map<string, unknown>) => [...data.keys()].filter((k) => /^answers-\d+$/.test(k));

/** `turns` turns of `perTurn` answers each, one second apart, saved after each turn. */
async function answerFor(store: AnswerStore, from: number, turns: number, perTurn: number, start = 0): Promise<number> {
  let n = start;
  for (let t = 0; t < turns; t++) {
    const now = from + t * 1000;
    const book = await store.load(now);
    for (let i = 0; i < perTurn; i++, n++) book.record(`bidder\nkey-${n}`, answer(n), now);
    await store.stage(now);
  }
  return n;
}

describe("AnswerStore", () => {
  it("answers a retry inside the window after the actor is reactivated", async () => {
    const state = memoryState();
    await answerFor(new AnswerStore(state, { ms: 5 * MINUTE, maxKept: 1_000_000 }), 0, 3, 50);
    const reactivated = await new AnswerStore(state, { ms: 5 * MINUTE, maxKept: 1_000_000 }).load(10_000);
    expect(reactivated.get("bidder\nkey-0")).toEqual(answer(0));
    expect(reactivated.get("bidder\nkey-149")).toEqual(answer(149));
  });

  it("stays bounded however long the auction runs: old chunks are deleted, old answers forgotten", async () => {
    const state = memoryState();
    const store = new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 });
    // 20 minutes at 100 answers/s: 120,000 answers, of which the last minute's 6,000 matter.
    const total = await answerFor(store, 0, 1200, 100);
    const keys = chunkKeys(state.data);
    expect(keys.length).toBeLessThanOrEqual(Math.ceil(6_100 / 128) + 1);
    const book = await store.load(1199 * 1000);
    expect(book.size).toBeLessThanOrEqual(6_100);
    expect(book.get(`bidder\nkey-${total - 1}`)).toEqual(answer(total - 1));
    expect(book.get("bidder\nkey-0")).toBeUndefined();
    // A new activation reads only the kept chunks and agrees.
    const reloaded = await new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 }).load(1199 * 1000);
    expect(reloaded.size).toBe(book.size);
    expect(reloaded.get(`bidder\nkey-${total - 6000}`)).toEqual(answer(total - 6000));
  });

  it("keeps appending after chunks were deleted and the actor reactivated", async () => {
    const state = memoryState();
    const n = await answerFor(new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 }), 0, 200, 10);
    const later = new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 });
    const total = await answerFor(later, 200_000, 5, 10, n);
    const book = await new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 }).load(205_000);
    expect(book.get(`bidder\nkey-${total - 1}`)).toEqual(answer(total - 1));
    expect(book.get(`bidder\nkey-${n}`)).toEqual(answer(n));
  });

  it("keeps only the newest maxKept answers of a very busy auction, in memory and in state", async () => {
    const state = memoryState();
    const store = new AnswerStore(state, { ms: 5 * MINUTE, maxKept: 1_000 });
    // 1,000 answers a second for 30 s: all inside the time window, 30 times the count cap.
    const total = await answerFor(store, 0, 30, 1_000);
    const book = await store.load(29_000);
    expect(book.size).toBe(1_000);
    expect(book.get(`bidder\nkey-${total - 1_000}`)).toEqual(answer(total - 1_000));
    expect(book.get(`bidder\nkey-${total - 1_001}`)).toBeUndefined();
    expect(chunkKeys(state.data).length).toBeLessThanOrEqual(Math.ceil(1_000 / 128) + 2);
    const reloaded = await new AnswerStore(state, { ms: 5 * MINUTE, maxKept: 1_000 }).load(29_000);
    expect(reloaded.size).toBe(1_000);
  });

  it("keeps undated answers saved before the window existed for one window from loading", async () => {
    const state = memoryState();
    state.data.set("answers-meta", { count: 1 });
    state.data.set("answers-0", [["bidder\nold-key", answer(7)]]);
    const book = await new AnswerStore(state, { ms: MINUTE, maxKept: 1_000_000 }).load(5 * MINUTE);
    expect(book.get("bidder\nold-key")).toEqual(answer(7));
  });
});
