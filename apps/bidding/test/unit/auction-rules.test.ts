import type { AuctionEvent, IncrementRule, OpenAuctionInput, VerifiedBid } from "@auction-mesh/contracts";
import { OpenAuctionRequest } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { AnswerBook } from "../../src/domain/answer-book.js";
import { type AuctionState, closeAuction, minimumNextBid, openAuction, placeBid, snapshotOf } from "../../src/domain/auction.js";
import { incrementAt } from "../../src/domain/increments.js";
import { placeGuarded as placeBidOnce } from "../../src/domain/turn.js";

const NOW = new Date("2026-01-01T12:00:00.000Z");
const FIXED_100: IncrementRule = { kind: "fixed", amount: 100 };

function auction(over: Partial<OpenAuctionInput> = {}, state: Partial<AuctionState> = {}): AuctionState {
  const request = OpenAuctionRequest.parse({
    auctionId: "a1",
    sellerId: "seller",
    startingPrice: 1000,
    incrementRule: FIXED_100,
    endsAt: "2026-01-01T13:00:00.000Z",
    ...over,
  });
  return { ...openAuction(request), ...state };
}

let keys = 0;
const bid = (
  bidderId: string,
  amount: number,
  maxAmount?: number,
  idempotencyKey = `key-${String(++keys).padStart(6, "0")}`,
): VerifiedBid => ({
  auctionId: "a1",
  bidderId,
  amount,
  idempotencyKey,
  ...(maxAmount === undefined ? {} : { maxAmount }),
});

/** Applies bids in order, returning the final state and every event. */
function run(state: AuctionState, bids: VerifiedBid[], now = NOW) {
  const events: AuctionEvent[] = [];
  for (const b of bids) {
    const outcome = placeBid(state, b, now);
    state = outcome.state;
    events.push(...outcome.events);
  }
  return { state, events };
}

const bidsPlaced = (events: AuctionEvent[]) =>
  events.flatMap((e) => (e.type === "bid-placed" ? [[e.bidderId, e.amount, e.auto] as const] : []));

describe("incrementAt", () => {
  const tiered: IncrementRule = {
    kind: "tiered",
    tiers: [
      { from: 0, amount: 50 },
      { from: 1000, amount: 100 },
      { from: 5000, amount: 250 },
    ],
  };
  it.each([
    [0, 50],
    [999, 50],
    [1000, 100],
    [4999, 100],
    [5000, 250],
    [1_000_000, 250],
  ])("tiered: at %i the step is %i", (price, step) => {
    expect(incrementAt(tiered, price)).toBe(step);
  });

  it("refuses tiers that do not start at 0 or are out of order", () => {
    const base = { auctionId: "a", sellerId: "s", startingPrice: 1, endsAt: "2026-01-01T00:00:00Z" };
    expect(
      OpenAuctionRequest.safeParse({
        ...base,
        incrementRule: { kind: "tiered", tiers: [{ from: 10, amount: 1 }] },
      }).success,
    ).toBe(false);
    expect(
      OpenAuctionRequest.safeParse({
        ...base,
        incrementRule: {
          kind: "tiered",
          tiers: [
            { from: 0, amount: 1 },
            { from: 0, amount: 2 },
          ],
        },
      }).success,
    ).toBe(false);
  });
});

describe("placeBid: acceptance rules", () => {
  const led = { currentPrice: 1000, leaderId: "b1", leaderMax: 1000, sequence: 1 };
  const cases: { name: string; state: AuctionState; bid: VerifiedBid; accepted: boolean; code?: string }[] = [
    { name: "first bid at the starting price", state: auction(), bid: bid("b1", 1000), accepted: true },
    { name: "first bid below the starting price", state: auction(), bid: bid("b1", 999), accepted: false, code: "BID_TOO_LOW" },
    { name: "bid meeting the increment", state: auction({}, led), bid: bid("b2", 1100), accepted: true },
    { name: "bid short of the increment", state: auction({}, led), bid: bid("b2", 1099), accepted: false, code: "BID_TOO_LOW" },
    {
      name: "bid short of a tiered increment",
      state: auction(
        {
          incrementRule: {
            kind: "tiered",
            tiers: [
              { from: 0, amount: 10 },
              { from: 1000, amount: 500 },
            ],
          },
        },
        led,
      ),
      bid: bid("b2", 1499),
      accepted: false,
      code: "BID_TOO_LOW",
    },
    { name: "seller bidding on own auction", state: auction(), bid: bid("seller", 5000), accepted: false, code: "SELLER_CANNOT_BID" },
    { name: "leader outbidding themself", state: auction({}, led), bid: bid("b1", 2000), accepted: false, code: "ALREADY_LEADING" },
    {
      name: "leader 'raising' to a maximum no higher than theirs",
      state: auction({}, { ...led, leaderMax: 3000 }),
      bid: bid("b1", 1100, 3000),
      accepted: false,
      code: "ALREADY_LEADING",
    },
    {
      name: "bid on a closed auction",
      state: auction({}, { status: "closed" }),
      bid: bid("b1", 5000),
      accepted: false,
      code: "AUCTION_CLOSED",
    },
    {
      name: "bid after the end time",
      state: auction({ endsAt: "2026-01-01T11:59:59.999Z" }),
      bid: bid("b1", 5000),
      accepted: false,
      code: "AUCTION_CLOSED",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { result, events, state } = placeBid(c.state, c.bid, NOW);
      expect(result.accepted).toBe(c.accepted);
      if (!result.accepted) {
        expect(result.code).toBe(c.code);
        expect(events).toEqual([]);
        expect(state.currentPrice).toBe(c.state.currentPrice);
      } else {
        expect(state.leaderId).toBe(c.bid.bidderId);
        expect(events[0]).toMatchObject({ type: "bid-placed", sequence: c.state.sequence + 1, amount: c.bid.amount });
      }
    });
  }

  it("answers a retried bid with its first answer and never counts it twice", () => {
    const book = new AnswerBook();
    const first = placeBidOnce(auction(), book, bid("b1", 1000, undefined, "retry-key-1"), NOW);
    const again = placeBidOnce(first.state, book, bid("b1", 1000, undefined, "retry-key-1"), NOW);
    expect(again.result).toEqual(first.result);
    expect(again.events).toEqual([]);
    expect(again.state.sequence).toBe(1);
  });

  it("answers a retried refusal with the first refusal, even once the bid would now pass", () => {
    const book = new AnswerBook();
    const low = placeBidOnce(auction(), book, bid("b1", 500, undefined, "low-key-01"), NOW);
    expect(low.result).toMatchObject({ accepted: false, code: "BID_TOO_LOW" });
    // Same key, different amount (a buggy client): still the first answer, no bid.
    const again = placeBidOnce(low.state, book, bid("b1", 5000, undefined, "low-key-01"), NOW);
    expect(again.result).toEqual(low.result);
    expect(again.state.sequence).toBe(0);
  });

  it("tells the previous leader they were outbid", () => {
    const { events } = run(auction(), [bid("b1", 1000), bid("b2", 1100)]);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ["bid-placed", 1],
      ["bid-placed", 2],
      ["outbid", 3],
    ]);
    expect(events[2]).toMatchObject({ bidderId: "b1", currentPrice: 1100 });
  });
});

describe("placeBid: auto-bids at the second price", () => {
  it("a lone auto-bid leads at its typed amount", () => {
    const { state } = run(auction(), [bid("b1", 1000, 5000)]);
    expect(state).toMatchObject({ leaderId: "b1", currentPrice: 1000 });
    expect(snapshotOf(state)).not.toHaveProperty("leaderMax");
  });

  it("a lower bid is answered at once by the leader's auto-bid, one increment above", () => {
    const { state, events, result } = (() => {
      const s1 = run(auction(), [bid("b1", 1000, 5000)]).state;
      const o = placeBid(s1, bid("b2", 1500), NOW);
      return { state: o.state, events: o.events, result: o.result };
    })();
    expect(bidsPlaced(events)).toEqual([
      ["b2", 1500, false],
      ["b1", 1600, true],
    ]);
    expect(events.filter((e) => e.type === "outbid").map((e) => e.bidderId)).toEqual(["b2"]);
    expect(result).toMatchObject({ accepted: true, leading: false, currentPrice: 1600 });
    expect(state.leaderId).toBe("b1");
  });

  it("the leader raises their maximum privately: no event, the price stays, the new maximum answers later bids", () => {
    const s1 = run(auction(), [bid("b1", 1000, 2000)]).state;
    const raise = placeBid(s1, bid("b1", 1000, 4000, "raise-key-1"), NOW);
    expect(raise.events).toEqual([]);
    expect(raise.result).toMatchObject({ accepted: true, leading: true, currentPrice: 1000, sequence: 1 });
    expect(snapshotOf(raise.state)).toEqual(snapshotOf(s1));
    const challenger = placeBid(raise.state, bid("b2", 3000), NOW);
    expect(challenger.result).toMatchObject({ accepted: true, leading: false, currentPrice: 3100 });
    expect(challenger.state.leaderId).toBe("b1");
  });

  it("a raised maximum that now covers the reserve lifts the price to the reserve, visibly", () => {
    const s1 = run(auction({ reservePrice: 5000 }), [bid("b1", 1000, 2000)]).state;
    const raise = placeBid(s1, bid("b1", 1000, 6000, "raise-key-2"), NOW);
    expect(bidsPlaced(raise.events)).toEqual([["b1", 5000, true]]);
    expect(raise.events.some((e) => e.type === "outbid")).toBe(false);
    expect(raise.result).toMatchObject({ accepted: true, leading: true, currentPrice: 5000, sequence: 2 });
    expect(raise.state).toMatchObject({ currentPrice: 5000, leaderMax: 6000 });
  });

  it("a higher maximum takes the lead one increment above the old maximum", () => {
    const { state, events } = run(auction(), [bid("b1", 1000, 2000), bid("b2", 1100, 5000)]);
    expect(bidsPlaced(events)).toEqual([
      ["b1", 1000, false],
      ["b1", 2000, true],
      ["b2", 2100, true],
    ]);
    expect(state).toMatchObject({ leaderId: "b2", currentPrice: 2100 });
  });

  it("equal maxima: the earlier bidder keeps the lead at that maximum", () => {
    const { state, events } = run(auction(), [bid("b1", 1000, 3000), bid("b2", 1100, 3000)]);
    expect(state).toMatchObject({ leaderId: "b1", currentPrice: 3000 });
    expect(events.filter((e) => e.type === "outbid").map((e) => e.bidderId)).toEqual(["b2"]);
  });

  it("raises the price to the reserve once the leader's maximum covers it", () => {
    const { state } = run(auction({ reservePrice: 4000 }), [bid("b1", 1000, 5000)]);
    expect(state.currentPrice).toBe(4000);
    expect(snapshotOf(state)).toMatchObject({ hasReserve: true, reserveMet: true });
  });
});

describe("placeBid: anti-sniping", () => {
  const sniping = { antiSniping: { windowSeconds: 60, extensionSeconds: 120 }, endsAt: "2026-01-01T12:00:30.000Z" };

  it("a bid inside the final window pushes the end back", () => {
    const { state, events, result } = placeBid(auction(sniping), bid("b1", 1000), NOW);
    expect(state.endsAt).toBe("2026-01-01T12:02:00.000Z");
    expect(events.at(-1)).toMatchObject({ type: "auction-extended", endsAt: "2026-01-01T12:02:00.000Z", sequence: 2 });
    expect(result).toMatchObject({ endsAt: "2026-01-01T12:02:00.000Z" });
  });

  it("a bid before the window leaves the end alone", () => {
    const { state, events } = placeBid(auction({ ...sniping, endsAt: "2026-01-01T12:05:00.000Z" }), bid("b1", 1000), NOW);
    expect(state.endsAt).toBe("2026-01-01T12:05:00.000Z");
    expect(events.map((e) => e.type)).toEqual(["bid-placed"]);
  });
});

describe("closeAuction", () => {
  it("announces the leader as winner once, with the next sequence number", () => {
    const state = placeBid(auction(), bid("b1", 1500), NOW).state;
    const first = closeAuction(state, NOW);
    expect(first.event).toMatchObject({ winnerId: "b1", finalPrice: 1500, reserveMet: true, sequence: 2 });
    expect(closeAuction(first.state, NOW).event).toBeNull();
  });

  it("announces no winner when nobody bid", () => {
    expect(closeAuction(auction(), NOW).event).toMatchObject({ winnerId: null, finalPrice: null, reserveMet: false });
  });

  it("announces no sale when the reserve was not met", () => {
    const state = placeBid(auction({ reservePrice: 5000 }), bid("b1", 1500), NOW).state;
    expect(closeAuction(state, NOW).event).toMatchObject({ winnerId: null, finalPrice: null, reserveMet: false });
  });

  it("names the runner-up at their highest bid, for a second-chance offer", () => {
    const { state } = run(auction(), [bid("b1", 1000), bid("b2", 1200), bid("b1", 1500), bid("b3", 1600, 3000), bid("b1", 1700)]);
    // b3's auto-bid answered b1's 1700 and leads at 1800; b1's highest bid was 1700.
    expect(closeAuction(state, NOW).event).toMatchObject({ winnerId: "b3", runnerUp: { bidderId: "b1", amount: 1700 } });
  });

  it("offers nobody a second chance below the reserve, or when nobody else bid", () => {
    const below = run(auction({ reservePrice: 1400 }), [bid("b1", 1000), bid("b2", 1500)]).state;
    expect(closeAuction(below, NOW).event).toMatchObject({ winnerId: "b2", runnerUp: null });
    const alone = run(auction(), [bid("b1", 1000)]).state;
    expect(closeAuction(alone, NOW).event).toMatchObject({ winnerId: "b1", runnerUp: null });
  });

  it("keeps the minimum next bid one increment over the price", () => {
    expect(minimumNextBid(run(auction(), [bid("b1", 1000), bid("b2", 1200)]).state)).toBe(1300);
  });
});
