import { describe, expect, it } from "vitest";
import { Batcher } from "../../src/batcher.js";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("Batcher", () => {
  it("sends a lone item at once, in a batch of one", async () => {
    const batches: number[][] = [];
    const b = new Batcher<string, number, number>(async (_k, items) => {
      batches.push(items);
      return items.map((i) => i * 2);
    });
    expect(await b.submit("a", 21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it("groups what arrives while a flush is in flight, answering each caller in order", async () => {
    const gate = deferred<void>();
    const batches: number[][] = [];
    const b = new Batcher<string, number, string>(async (_k, items) => {
      batches.push(items);
      if (batches.length === 1) await gate.promise;
      return items.map((i) => `r${i}`);
    });
    const first = b.submit("a", 1);
    const rest = [2, 3, 4].map((i) => b.submit("a", i));
    gate.resolve();
    expect(await Promise.all([first, ...rest])).toEqual(["r1", "r2", "r3", "r4"]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("keeps keys independent", async () => {
    const gate = deferred<void>();
    const seen: string[] = [];
    const b = new Batcher<string, number, number>(async (k, items) => {
      seen.push(k);
      if (k === "slow") await gate.promise;
      return items;
    });
    const slow = b.submit("slow", 1);
    expect(await b.submit("fast", 2)).toBe(2);
    gate.resolve();
    await slow;
    expect(seen).toEqual(["slow", "fast"]);
  });

  it("fails every caller of a failed batch, and carries on with the next", async () => {
    let calls = 0;
    const b = new Batcher<string, number, number>(async (_k, items) => {
      calls++;
      if (calls === 1) throw new Error("sidecar down");
      return items;
    });
    await expect(b.submit("a", 1)).rejects.toThrow("sidecar down");
    expect(await b.submit("a", 2)).toBe(2);
  });

  it("caps the batch size", async () => {
    const gate = deferred<void>();
    const sizes: number[] = [];
    const b = new Batcher<string, number, number>(async (_k, items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await gate.promise;
      return items;
    }, 2);
    const all = [1, 2, 3, 4, 5].map((i) => b.submit("a", i));
    gate.resolve();
    await Promise.all(all);
    expect(sizes).toEqual([1, 2, 2]);
  });
});
