import type { AuctionClosedEvent, OutbidEvent, SettlementEvent } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { auctionNotices, endingSoonNotices, settlementNotices } from "../../src/domain/notices.js";

const at = "2026-11-27T12:00:00.000Z";
const lot = { title: "Brass clock", sellerId: "sam", endsAt: "2026-11-27T13:00:00.000Z" };
const closed = (over: Partial<AuctionClosedEvent> = {}): AuctionClosedEvent => ({
  type: "auction-closed",
  auctionId: "a1",
  sequence: 9,
  at,
  winnerId: "ann",
  finalPrice: 3_500,
  reserveMet: true,
  ...over,
});

describe("notices from bidding's events", () => {
  it("tells the winner they won, the seller it sold, and every other bidder they lost", () => {
    const notices = auctionNotices(closed(), lot, ["ann", "bob", "cat"]);
    expect(notices.map((n) => [n.recipientId, n.kind])).toEqual([
      ["ann", "won"],
      ["sam", "sold"],
      ["bob", "lost"],
      ["cat", "lost"],
    ]);
    expect(notices[0]).toMatchObject({ title: "You won “Brass clock”", link: "/auctions/a1" });
    expect(notices[0]?.body).toContain("$35.00");
    expect(notices[1]?.title).toBe("“Brass clock” sold for $35.00");
  });

  it("tells the seller and the bidders when the reserve was not met: nobody won", () => {
    const notices = auctionNotices(closed({ winnerId: null, finalPrice: null, reserveMet: false }), lot, ["bob"]);
    expect(notices.map((n) => [n.recipientId, n.kind])).toEqual([
      ["sam", "no-sale"],
      ["bob", "lost"],
    ]);
    expect(notices[0]?.body).toMatch(/reserve/);
  });

  it("names the auction when it has no listing, and tells no seller", () => {
    const notices = auctionNotices(closed(), undefined, ["ann"]);
    expect(notices.map((n) => n.kind)).toEqual(["won"]);
    expect(notices[0]?.title).toBe("You won auction a1");
  });

  it("makes one coalescing outbid notice with the new price", () => {
    const outbid: OutbidEvent = { type: "outbid", auctionId: "a1", sequence: 4, at, bidderId: "bob", currentPrice: 1_250 };
    const [notice] = auctionNotices(outbid, lot, []);
    expect(notice).toMatchObject({ recipientId: "bob", kind: "outbid", coalesce: true, dedupeKey: "a1:4:outbid" });
    expect(notice?.body).toContain("$12.50");
  });

  it("derives the same keys from a redelivered event, and different ones per fact", () => {
    const once = auctionNotices(closed(), lot, ["ann", "bob"]).map((n) => n.dedupeKey);
    const again = auctionNotices(closed(), lot, ["ann", "bob"]).map((n) => n.dedupeKey);
    expect(again).toEqual(once);
    expect(new Set(once).size).toBe(once.length);
  });
});

describe("notices from settlement events", () => {
  const about = { auctionId: "a1", buyerId: "ann", sellerId: "sam", at };
  it("asks the buyer to pay by the deadline, pointing at the wallet", () => {
    const due: SettlementEvent = {
      type: "payment-due",
      eventId: "a1:payment-due",
      ...about,
      total: 3_850,
      dueBy: "2026-11-28T12:00:00.000Z",
    };
    const [notice] = settlementNotices(due, lot);
    expect(notice).toMatchObject({ recipientId: "ann", kind: "payment-due", link: "/wallet" });
    expect(notice?.body).toContain("$38.50");
    expect(notice?.body).toContain("28 Nov 2026");
  });

  it("tells buyer and seller when it completes, each their own amount, under different keys", () => {
    const done: SettlementEvent = {
      type: "settlement-completed",
      eventId: "a1:settlement-completed",
      ...about,
      hammerPrice: 3_500,
      total: 3_850,
      sellerProceeds: 3_325,
    };
    const [buyer, seller] = settlementNotices(done, lot);
    expect(buyer?.body).toContain("$38.50");
    expect(seller).toMatchObject({ recipientId: "sam", kind: "settlement-completed" });
    expect(seller?.body).toContain("$33.25");
    expect(buyer?.dedupeKey).not.toBe(seller?.dedupeKey);
  });
});

describe("a second-chance offer", () => {
  it("offers the lot to the runner-up and tells the winner their purchase is cancelled", () => {
    const offer: SettlementEvent = {
      type: "second-chance-offer",
      eventId: "a1:second-chance-offer",
      auctionId: "a1",
      buyerId: "bob",
      winnerId: "ann",
      sellerId: "sam",
      at: "2026-11-27T12:00:00.000Z",
      hammerPrice: 3_000,
      total: 3_300,
      dueBy: "2026-11-28T12:00:00.000Z",
    };
    const [runnerUp, winner] = settlementNotices(offer, lot);
    expect(runnerUp).toMatchObject({ recipientId: "bob", kind: "second-chance", link: "/auctions/a1" });
    expect(runnerUp?.body).toContain("$30.00");
    expect(winner).toMatchObject({ recipientId: "ann", kind: "settlement-failed", title: "Your purchase of “Brass clock” was cancelled" });
  });
});

describe("ending soon", () => {
  it("tells every bidder once per auction, whatever the job's retries", () => {
    const notices = endingSoonNotices("a1", lot, { bidders: ["ann", "bob"], watchers: [] }, 300_000);
    expect(notices.map((n) => [n.recipientId, n.kind, n.title])).toEqual([
      ["ann", "ending-soon", "“Brass clock” ends in 5 minutes"],
      ["bob", "ending-soon", "“Brass clock” ends in 5 minutes"],
    ]);
    expect(endingSoonNotices("a1", lot, { bidders: ["ann"], watchers: [] }, 300_000)[0]?.dedupeKey).toBe(notices[0]?.dedupeKey);
  });

  it("tells watchers who never bid to bid now, and a watcher who bid once, as a bidder", () => {
    const notices = endingSoonNotices("a1", lot, { bidders: ["ann"], watchers: ["ann", "cat"] }, 30_000);
    expect(notices.map((n) => [n.recipientId, n.title, n.body])).toEqual([
      ["ann", "“Brass clock” ends in 30 seconds", "Bids in the last moments extend it; check you still lead."],
      ["cat", "“Brass clock” ends in 30 seconds", "You are watching it: bid now if you want it."],
    ]);
  });
});
