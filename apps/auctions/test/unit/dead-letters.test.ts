import { Topics } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { judgeDeadLetter, payloadOf, replayable } from "../../src/domain/dead-letters.js";

const now = new Date("2026-11-24T20:00:00.000Z");
const bid = {
  type: "bid-placed",
  auctionId: "a-1",
  sequence: 3,
  at: "2026-11-24T19:59:00.000Z",
  bidderId: "u-1",
  amount: 1200,
  auto: false,
  minimumNextBid: 1300,
};
/** What the topic carries: one auction's events. */
const batch = (...events: object[]) => ({ auctionId: "a-1", events });

describe("judgeDeadLetter", () => {
  it("names a contract violation with the broken fields (what the subscriber dropped)", () => {
    const judged = judgeDeadLetter({ id: "e-1", topic: Topics.auctionEvents, data: batch({ ...bid, amount: "lots" }) }, "gateway", now);
    expect(judged).toMatchObject({ topic: "auction.events", eventId: "e-1", cause: "contract-violation" });
    expect(judged.reason).toMatch(/violates the auction\.events contract, so gateway dropped it: events\.0\.amount: /);
  });

  it("says a valid message failed until the retries ran out, and where to look", () => {
    const judged = judgeDeadLetter({ id: "e-2", topic: Topics.auctionEvents, data: batch(bid) }, "auctions", now);
    expect(judged).toMatchObject({ cause: "delivery-failed", payload: batch(bid) });
    expect(judged.reason).toMatch(/auctions's handler failed or was unreachable.*retry policy ran out.*event e-2/);
  });

  it("recognises an expired CloudEvent and an unknown topic", () => {
    expect(
      judgeDeadLetter({ topic: Topics.auctionEvents, data: batch(bid), expiration: "2026-11-24T19:00:00Z" }, "gateway", now),
    ).toMatchObject({
      cause: "expired",
      eventId: null,
    });
    expect(judgeDeadLetter({ topic: "auction.nope", data: {} }, "gateway", now)).toMatchObject({
      cause: "unknown-topic",
      topic: "auction.nope",
    });
    expect(judgeDeadLetter({}, "gateway", now)).toMatchObject({ cause: "unknown-topic", topic: "(unknown)", payload: null });
  });

  it("decodes data_base64, as JSON when it is JSON", () => {
    expect(payloadOf({ data_base64: Buffer.from(JSON.stringify(bid)).toString("base64") })).toEqual(bid);
    expect(payloadOf({ data_base64: Buffer.from("not json").toString("base64") })).toBe("not json");
  });
});

describe("replayable", () => {
  it("lets a valid message go back to its topic and refuses one that would fail again", () => {
    expect(replayable(Topics.auctionEvents, batch(bid))).toEqual({ ok: true, topic: "auction.events", payload: batch(bid) });
    expect(replayable(Topics.auctionEvents, batch({ ...bid, sequence: 0 }))).toMatchObject({
      ok: false,
      code: "DEAD_LETTER_STILL_INVALID",
    });
    expect(replayable("auction.nope", bid)).toMatchObject({ ok: false, code: "DEAD_LETTER_UNKNOWN_TOPIC" });
  });
});
