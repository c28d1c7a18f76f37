import type { AuctionClosedEvent, AuctionEvent, AuctionEventBatch } from "@auction-mesh/contracts";
import { createLogger } from "@auction-mesh/service-kit";
import { describe, expect, it } from "vitest";
import { Outbox, type OutboxPorts } from "../../src/outbox.js";
import { memoryState } from "./memory-state.js";

const bidPlaced = (sequence: number, amount = 1000 + sequence): AuctionEvent => ({
  type: "bid-placed",
  auctionId: "a1",
  sequence,
  at: "2026-01-01T12:00:00.000Z",
  bidderId: "b1",
  amount,
  auto: false,
  minimumNextBid: amount + 100,
});

function ports(fail = false, announceFails = false) {
  const published: AuctionEventBatch[] = [];
  const announced: AuctionClosedEvent[] = [];
  const quarantined: { payload: unknown; reason: string }[] = [];
  const reminder = { armed: 0, disarmed: 0 };
  const p: OutboxPorts = {
    publish: async (batch) => {
      if (fail) throw new Error("broker down");
      published.push(batch);
    },
    announce: async (result) => {
      if (announceFails) throw new Error("results topic down");
      announced.push(result);
    },
    quarantine: async (payload, reason) => void quarantined.push({ payload, reason }),
    armReminder: async () => void reminder.armed++,
    disarmReminder: async () => void reminder.disarmed++,
  };
  return { p, published, announced, quarantined, reminder };
}

describe("Outbox", () => {
  it("publishes a turn's events as one message, in order", async () => {
    const { p, published } = ports();
    const outbox = new Outbox(memoryState(), p, "a1", createLogger("test", "silent"));
    await outbox.stage([bidPlaced(1), bidPlaced(2), bidPlaced(3)]);
    expect(await outbox.drain()).toBe(true);
    expect(published.map((b) => b.events.map((e) => e.sequence))).toEqual([[1, 2, 3]]);
  });

  it("announces a close alone on the results topic after its batch, and again if that fails", async () => {
    const closed: AuctionClosedEvent = {
      type: "auction-closed",
      auctionId: "a1",
      sequence: 2,
      at: "2026-01-01T12:00:00.000Z",
      winnerId: "b1",
      finalPrice: 1001,
      reserveMet: true,
    };
    const state = memoryState();
    const flaky = ports(false, true);
    const outbox = new Outbox(state, flaky.p, "a1", createLogger("test", "silent"));
    await outbox.stage([bidPlaced(1), closed]);
    expect(await outbox.drain()).toBe(false);
    expect(flaky.announced).toEqual([]);
    const up = ports();
    const later = new Outbox(state, up.p, "a1", createLogger("test", "silent"));
    expect(await later.drain()).toBe(true);
    expect(up.published.map((b) => b.events.map((e) => e.sequence))).toEqual([[1, 2]]);
    expect(up.announced).toEqual([closed]);
  });

  it("keeps what the broker did not take and publishes it first next time", async () => {
    const state = memoryState();
    const down = ports(true);
    const first = new Outbox(state, down.p, "a1", createLogger("test", "silent"));
    await first.stage([bidPlaced(1)]);
    expect(await first.drain()).toBe(false);
    const up = ports();
    const next = new Outbox(state, up.p, "a1", createLogger("test", "silent"));
    await next.stage([bidPlaced(2)]);
    await next.drain();
    expect(up.published.map((b) => b.events.map((e) => e.sequence))).toEqual([[1, 2]]);
  });

  it("touches the scheduler only when a publish fails: then the drain reminder publishes what waits", async () => {
    const state = memoryState();
    const up = ports();
    const happy = new Outbox(state, up.p, "a1", createLogger("test", "silent"));
    await happy.stage([bidPlaced(1)]);
    await happy.drain();
    expect(up.reminder.armed).toBe(0);

    const down = ports(true);
    const failing = new Outbox(state, down.p, "a1", createLogger("test", "silent"));
    await failing.stage([bidPlaced(2)]);
    expect(await failing.drain()).toBe(false);
    expect(down.reminder.armed).toBe(1);
    await failing.drain(); // armed once, however many publishes fail
    expect(down.reminder.armed).toBe(1);

    // The broker is back: the tick publishes and empties the outbox, the next tick stands down.
    const back = ports();
    const ticking = new Outbox(state, back.p, "a1", createLogger("test", "silent"));
    await ticking.tick();
    expect(back.published.flatMap((b) => b.events.map((e) => e.sequence))).toEqual([1, 2]);
    await ticking.tick();
    expect(back.reminder.disarmed).toBe(1);
  });

  it("hands a message that breaks its contract to the hospital instead of blocking the auction", async () => {
    const { p, published, quarantined } = ports();
    const outbox = new Outbox(memoryState(), p, "a1", createLogger("test", "silent"));
    // What an older version could save: a price past what the contract allows.
    await outbox.stage([bidPlaced(1, Number.MAX_SAFE_INTEGER)]);
    expect(await outbox.drain()).toBe(true);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.reason).toMatch(/auction\.events contract/);
    await outbox.stage([bidPlaced(2)]);
    await outbox.drain();
    expect(published.map((b) => b.events.map((e) => e.sequence))).toEqual([[2]]);
  });
});
