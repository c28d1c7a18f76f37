import type { AuctionSnapshot } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { Snapshots } from "../../src/snapshots.js";

const snapshot = (sequence: number) => ({ auctionId: "a1", sequence }) as AuctionSnapshot;

describe("Snapshots", () => {
  it("serves overlapping reads of one auction with one actor call", async () => {
    let calls = 0;
    let release: (s: AuctionSnapshot) => void = () => {};
    const snapshots = new Snapshots(() => {
      calls++;
      return new Promise((r) => (release = r));
    });
    const reads = Array.from({ length: 1000 }, () => snapshots.read("a1"));
    release(snapshot(7));
    expect((await Promise.all(reads)).every((s) => s.sequence === 7)).toBe(true);
    expect(calls).toBe(1);
  });

  it("lets a join start from a recent snapshot only while the feed holds every event after it", async () => {
    let now = 0;
    let sequence = 3;
    let calls = 0;
    const snapshots = new Snapshots(
      async () => {
        calls++;
        return snapshot(sequence);
      },
      () => now,
    );
    await snapshots.read("a1");
    sequence = 9;
    expect((await snapshots.forJoin("a1", () => true)).sequence).toBe(3); // the feed supplies 4..9
    expect((await snapshots.forJoin("a1", () => false)).sequence).toBe(9); // a hole: read again
    now += 2_001;
    expect((await snapshots.forJoin("a1", () => true)).sequence).toBe(9); // too old: read again
    expect(calls).toBe(3);
  });

  it("answers 404 AUCTION_NOT_FOUND for an auction nobody opened, and asks again next time", async () => {
    let calls = 0;
    const snapshots = new Snapshots(async () => {
      calls++;
      return null;
    });
    await expect(snapshots.read("nope")).rejects.toMatchObject({ status: 404, code: "AUCTION_NOT_FOUND" });
    await expect(snapshots.read("nope")).rejects.toMatchObject({ status: 404 });
    expect(calls).toBe(2);
  });
});
