import { MAX_AMOUNT, OpenAuctionRequest, PlaceBidCommand, type VerifiedBid } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { AnswerBook } from "../../src/domain/answer-book.js";
import { type AuctionState, openAuction } from "../../src/domain/auction.js";
import { applyTurn, placeGuarded } from "../../src/domain/turn.js";

const NOW = new Date("2026-01-01T12:00:00.000Z");

function auction(state: Partial<AuctionState> = {}): AuctionState {
  const request = OpenAuctionRequest.parse({
    auctionId: "a1",
    sellerId: "seller",
    startingPrice: 1000,
    incrementRule: { kind: "fixed", amount: 100 },
    endsAt: "2026-01-01T13:00:00.000Z",
  });
  return { ...openAuction(request), ...state };
}

const bid = (bidderId: string, amount: number, idempotencyKey: string): VerifiedBid => ({
  auctionId: "a1",
  bidderId,
  amount,
  idempotencyKey,
});

describe("a turn never commits what its own contracts reject (the poison bid)", () => {
  it("refuses at the edge the amount that froze auctions: 2^53 − 1 is above MAX_AMOUNT", () => {
    const poison = { auctionId: "a1", amount: Number.MAX_SAFE_INTEGER, idempotencyKey: "poison-key-1", bidderToken: "t" };
    const parsed = PlaceBidCommand.safeParse(poison);
    expect(parsed.success).toBe(false);
    expect(PlaceBidCommand.safeParse({ ...poison, amount: MAX_AMOUNT }).success).toBe(true);
  });

  it("at the largest accepted amounts every event, answer and snapshot stays inside the contracts", () => {
    const rich = auction({ incrementRule: { kind: "fixed", amount: MAX_AMOUNT } });
    const turn = applyTurn(rich, new AnswerBook(), [bid("b1", MAX_AMOUNT, "max-key-01"), bid("b2", MAX_AMOUNT * 2, "max-key-02")], NOW);
    expect(turn.results[0]).toMatchObject({ accepted: true, minimumNextBid: MAX_AMOUNT * 2 });
    expect(turn.events.every((e) => e.sequence > 0)).toBe(true);
  });

  it("refuses a bid whose outcome would break a contract, and changes nothing", () => {
    // A state no valid input reaches (the guard is what makes it impossible rather than unlikely).
    const near = auction({
      currentPrice: Number.MAX_SAFE_INTEGER - 50,
      leaderId: "b0",
      leaderMax: Number.MAX_SAFE_INTEGER - 50,
      sequence: 7,
    });
    const book = new AnswerBook();
    const outcome = placeGuarded(near, book, bid("b1", Number.MAX_SAFE_INTEGER - 10, "over-key-1"), NOW);
    expect(outcome.result).toMatchObject({ accepted: false, code: "BID_UNPROCESSABLE" });
    expect(outcome.events).toEqual([]);
    expect(outcome.state).toBe(near);
    // And a retry gets the same refusal.
    expect(placeGuarded(near, book, bid("b1", Number.MAX_SAFE_INTEGER - 10, "over-key-1"), NOW).result).toEqual(outcome.result);
  });
});

describe("idempotency keys belong to their bidder", () => {
  it("gives a second bidder using the same key their own answer, not the first bidder's", () => {
    const turn = applyTurn(auction(), new AnswerBook(), [bid("b1", 1000, "same-key-01"), bid("b2", 1100, "same-key-01")], NOW);
    expect(turn.results.map((r) => r.accepted)).toEqual([true, true]);
    expect(turn.state.leaderId).toBe("b2");
  });

  it("answers a refused (unverified) command as refused, in its place in the batch", () => {
    const refused = { refused: { accepted: false as const, auctionId: "a1", code: "BIDDER_NOT_VERIFIED" as const, message: "no" } };
    const turn = applyTurn(auction(), new AnswerBook(), [refused, bid("b1", 1000, "after-key-1")], NOW);
    expect(turn.results.map((r) => (r.accepted ? "ok" : r.code))).toEqual(["BIDDER_NOT_VERIFIED", "ok"]);
    expect(turn.events).toHaveLength(1);
  });

  it("says which answers the turn decided: a retry answered from the book is not decided again", () => {
    const book = new AnswerBook();
    const first = applyTurn(auction(), book, [bid("b1", 1000, "first-key-1")], NOW);
    const turn = applyTurn(first.state, book, [bid("b1", 1000, "first-key-1"), bid("b2", 1000, "second-key")], NOW);
    expect(turn.results.map((r) => (r.accepted ? "ok" : r.code))).toEqual(["ok", "BID_TOO_LOW"]);
    expect(turn.decided.map((r) => (r.accepted ? "ok" : r.code))).toEqual(["BID_TOO_LOW"]);
  });
});
