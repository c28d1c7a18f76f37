import type { Notification } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { applyPush, markedRead } from "../../src/domain/notifications";

const notice = (id: number, over: Partial<Notification> = {}): Notification => ({
  id,
  kind: "outbid",
  auctionId: "a1",
  title: `n${id}`,
  body: "",
  link: "/auctions/a1",
  createdAt: "2026-11-27T12:00:00.000Z",
  readAt: null,
  ...over,
});

describe("the bell's list", () => {
  it("puts a new notification first", () => {
    expect(applyPush([notice(2), notice(1)], notice(3)).map((n) => n.id)).toEqual([3, 2, 1]);
  });

  it("replaces an updated notification in place instead of showing it twice", () => {
    const list = applyPush([notice(2), notice(1, { body: "old" })], notice(1, { body: "new" }));
    expect(list.map((n) => [n.id, n.body])).toEqual([
      [2, ""],
      [1, "new"],
    ]);
  });

  it("keeps at most the newest few", () => {
    expect(applyPush([notice(2), notice(1)], notice(3), 2).map((n) => n.id)).toEqual([3, 2]);
  });

  it("marks the listed ones read, or all, leaving read ones as they were", () => {
    const at = "2026-11-27T13:00:00.000Z";
    const earlier = "2026-11-27T12:30:00.000Z";
    const list = [notice(3), notice(2, { readAt: earlier }), notice(1)];
    expect(markedRead(list, [1], at).map((n) => n.readAt)).toEqual([null, earlier, at]);
    expect(markedRead(list, "all", at).map((n) => n.readAt)).toEqual([at, earlier, at]);
  });
});
