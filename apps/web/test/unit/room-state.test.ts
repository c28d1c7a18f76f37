import type { AuctionEvent, BidPlacedEvent } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { closedLeaderLine, emptyRoom, hasGap, priceLabel, type RoomState, reserveLine, roomReducer } from "../../src/domain/room-state";
import { at, bid, closed, extended, outbid, snapshot } from "./fixtures";

const joined = (over = {}, events = []) => roomReducer(emptyRoom("a1"), { type: "snapshot", snapshot: snapshot(over), events });
const sequences = (s: RoomState) => s.bids.map((b) => b.sequence);

describe("room state: snapshot, then events in sequence order", () => {
  it("starts from the snapshot", () => {
    const s = joined({ currentPrice: 1200, leaderId: "bob", minimumNextBid: 1300, sequence: 4 });
    expect(s).toMatchObject({ ready: true, currentPrice: 1200, leaderId: "bob", minimumNextBid: 1300, sequence: 4, status: "open" });
  });

  it("moves price, leader, minimum and history with each bid, newest bid first", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000)] });
    s = roomReducer(s, { type: "events", events: [bid(2, "bob", 1100), outbid(3, "alice", 1100)] });
    expect(s).toMatchObject({ currentPrice: 1100, leaderId: "bob", minimumNextBid: 1200, sequence: 3 });
    expect(s.bids.map((b) => [b.bidderId, b.amount])).toEqual([
      ["bob", 1100],
      ["alice", 1000],
    ]);
    expect(s.bids[0]?.placedAt).toBe(at(2));
  });

  it("ignores events it has already applied (the same event twice, or older)", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000), bid(2, "bob", 1100)] });
    s = roomReducer(s, { type: "events", events: [bid(2, "bob", 1100)] });
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000)] });
    expect(sequences(s)).toEqual([2, 1]);
    expect(s.currentPrice).toBe(1100);
  });

  it("holds events behind a gap, reports the gap, and applies them once it is filled", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000)] });
    s = roomReducer(s, { type: "events", events: [bid(3, "carol", 1200)] });
    expect(hasGap(s)).toBe(true);
    expect(s.sequence).toBe(1);
    expect(s.currentPrice).toBe(1000);

    s = roomReducer(s, { type: "events", events: [bid(2, "bob", 1100)] });
    expect(hasGap(s)).toBe(false);
    expect(s).toMatchObject({ sequence: 3, currentPrice: 1200, leaderId: "carol" });
    expect(sequences(s)).toEqual([3, 2, 1]);
  });

  it("keeps events that arrive before the snapshot, and applies only those newer than it", () => {
    let s = emptyRoom("a1");
    s = roomReducer(s, { type: "events", events: [bid(5, "bob", 1500), bid(6, "carol", 1600)] });
    expect(s.ready).toBe(false);
    expect(hasGap(s)).toBe(false);
    s = roomReducer(s, {
      type: "snapshot",
      snapshot: snapshot({
        sequence: 5,
        currentPrice: 1500,
        leaderId: "bob",
        lastBids: [{ sequence: 5, bidderId: "bob", amount: 1500, auto: false, placedAt: at(5) }],
      }),
      events: [],
    });
    expect(s).toMatchObject({ sequence: 6, currentPrice: 1600, leaderId: "carol" });
    expect(sequences(s)).toEqual([6, 5]);
  });

  it("applies the events a join answer carries after its snapshot", () => {
    const s = joined({ sequence: 1, currentPrice: 1000, leaderId: "alice" }, [bid(2, "bob", 1100)] as never);
    expect(s).toMatchObject({ sequence: 2, currentPrice: 1100, leaderId: "bob" });
  });
});

describe("room state: resuming after a dropped connection", () => {
  it("a resume answer that overlaps what was already applied adds no duplicate rows", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000), bid(2, "bob", 1100)] });
    // Missed 3..5 while offline; the answer also repeats 2, and a live event for 4 raced it.
    s = roomReducer(s, { type: "events", events: [bid(4, "bob", 1300)] });
    s = roomReducer(s, {
      type: "events",
      events: [bid(2, "bob", 1100), bid(3, "alice", 1200), bid(4, "bob", 1300), bid(5, "alice", 1400)],
    });
    expect(sequences(s)).toEqual([5, 4, 3, 2, 1]);
    expect(s).toMatchObject({ sequence: 5, currentPrice: 1400, leaderId: "alice" });
    expect(hasGap(s)).toBe(false);
  });

  it("a fresh snapshot on resume keeps the history rows already shown and does not repeat them", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000), bid(2, "bob", 1100)] });
    s = roomReducer(s, {
      type: "snapshot",
      snapshot: snapshot({
        sequence: 3,
        currentPrice: 1200,
        leaderId: "alice",
        minimumNextBid: 1300,
        lastBids: [
          { sequence: 3, bidderId: "alice", amount: 1200, auto: true, placedAt: at(3) },
          { sequence: 2, bidderId: "bob", amount: 1100, auto: false, placedAt: at(2) },
        ],
      }),
      events: [],
    });
    expect(sequences(s)).toEqual([3, 2, 1]);
    expect(s).toMatchObject({ sequence: 3, currentPrice: 1200, minimumNextBid: 1300 });
  });

  it("merges an older page of history below, without repeats", () => {
    let s = joined({ sequence: 8, lastBids: [{ sequence: 8, bidderId: "bob", amount: 1500, auto: false, placedAt: at(8) }] });
    s = roomReducer(s, {
      type: "older-bids",
      bids: [
        { sequence: 8, bidderId: "bob", amount: 1500, auto: false, placedAt: at(8) },
        { sequence: 6, bidderId: "alice", amount: 1400, auto: false, placedAt: at(6) },
      ],
    });
    expect(sequences(s)).toEqual([8, 6]);
  });
});

describe("room state: extensions and closing", () => {
  it("an anti-sniping extension moves the end and is remembered", () => {
    let s = joined({ endsAt: at(30) });
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000), extended(2, at(50))] });
    expect(s.endsAt).toBe(at(50));
    expect(s.lastExtension).toEqual({ sequence: 2, endsAt: at(50) });
  });

  it("closing records the winner and final price", () => {
    let s = joined();
    s = roomReducer(s, { type: "events", events: [bid(1, "alice", 1000), closed(2, "alice", 1000)] });
    expect(s).toMatchObject({ status: "closed", outcome: { winnerId: "alice", finalPrice: 1000, reserveMet: true } });
  });

  it("a closed snapshot below its reserve is no sale", () => {
    const s = joined({ status: "closed", hasReserve: true, reserveMet: false, currentPrice: 1200, leaderId: "bob", sequence: 3 });
    expect(s.outcome).toEqual({ winnerId: null, finalPrice: null, reserveMet: false });
  });

  it("a closed snapshot with a leader and no reserve is sold to the leader", () => {
    const s = joined({ status: "closed", currentPrice: 1200, leaderId: "bob", sequence: 3 });
    expect(s.outcome).toEqual({ winnerId: "bob", finalPrice: 1200, reserveMet: true });
  });
});

describe("the room's wording", () => {
  const events = (s: RoomState, list: AuctionEvent[]) => roomReducer(s, { type: "events", events: list });

  it("shows the reserve met the moment a bid meets it, without a reload", () => {
    const s = joined({ hasReserve: true, reserveMet: false, sequence: 0 });
    expect(reserveLine(s)).toBe("Reserve not met yet");
    const after = events(s, [{ ...(bid(1, "bob", 5_000) as BidPlacedEvent), reserveMet: true }]);
    expect(after.reserveMet).toBe(true);
    expect(reserveLine(after)).toBe("Reserve met");
  });

  it("keeps what it knew when an older event says nothing about the reserve", () => {
    const s = joined({ hasReserve: true, reserveMet: true, sequence: 0 });
    expect(events(s, [bid(1, "bob", 5_000)]).reserveMet).toBe(true);
  });

  it("stops saying 'Current price' and 'highest bidder' once closed", () => {
    const open = events(joined({ sequence: 0 }), [bid(1, "me", 1_000)]);
    expect(priceLabel(open)).toBe("Current price");
    const won = events(open, [closed(2, "me", 1_000)]);
    expect(priceLabel(won)).toBe("Sold for");
    expect(closedLeaderLine(won, "me")).toBe("You won this auction");
    expect(closedLeaderLine(won, "someone-else")).toMatch(/^Won by Bidder /);
  });

  it("says why nothing sold: no bids, or the reserve", () => {
    const noBids = events(joined({ sequence: 0 }), [closed(1, null, null, false)]);
    expect(priceLabel(noBids)).toBe("Closing price");
    expect(closedLeaderLine(noBids, "me")).toBe("Closed with no bids");
    const short = events(joined({ hasReserve: true, reserveMet: false, sequence: 0 }), [bid(1, "bob", 900), closed(2, null, null, false)]);
    expect(closedLeaderLine(short, "bob")).toBe("Not sold: the reserve price was not met");
    expect(reserveLine(short)).toBe("Reserve not met");
  });
});
