import type { MyBid } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { orderMyBids } from "../../src/domain/my-bids";

const item = (id: string, standing: MyBid["standing"]) => ({ listing: { id }, standing }) as unknown as MyBid;

describe("my bids", () => {
  it("puts what needs the bidder first: outbid, then leading, then won and lost", () => {
    const ordered = orderMyBids([item("a", "lost"), item("b", "leading"), item("c", "won"), item("d", "outbid"), item("e", "leading")]);
    expect(ordered.map((i) => i.listing.id)).toEqual(["d", "b", "e", "c", "a"]);
  });
});
