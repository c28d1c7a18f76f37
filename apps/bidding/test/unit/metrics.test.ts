/**
 * bidding's metrics, counted by the real AuctionActor: the SDK's actor base class with its state
 * in memory and its publishes answered at once (no daprd), bidders' tokens signed for real.
 */
import { createLogger, ServiceMetrics } from "@auction-mesh/service-kit";
import { ActorId, CommunicationProtocolEnum, DaprClient } from "@dapr/dapr";
import { beforeEach, describe, expect, it } from "vitest";
import { AuctionActor } from "../../src/auction-actor.js";
import { BiddingMetrics } from "../../src/metrics.js";
import { token, verifier } from "./bidder-tokens.js";
import { memoryState } from "./memory-state.js";

const NOW = new Date("2026-01-01T12:00:00.000Z");
const client = new DaprClient({ daprHost: "127.0.0.1", daprPort: "3500", communicationProtocol: CommunicationProtocolEnum.HTTP });

/** AuctionActor with its Dapr edges replaced: state in memory, publishes and reminders succeed at once. */
class TestActor extends AuctionActor {
  private readonly memory = memoryState();
  override getStateManager() {
    return this.memory as never;
  }
  override getDaprClient() {
    return { pubsub: { publish: async () => ({}) } } as unknown as DaprClient;
  }
  override async registerActorReminder(): Promise<void> {}
}

let metrics: ServiceMetrics;
beforeEach(() => {
  metrics = new ServiceMetrics("bidding", { defaultMetrics: false });
  AuctionActor.configure({
    logger: createLogger("bidding", "silent"),
    now: () => NOW,
    verifier,
    metrics: new BiddingMetrics(metrics),
  });
});

async function openActor(auctionId = "a1"): Promise<TestActor> {
  const actor = new TestActor(client, new ActorId(auctionId));
  await actor.open({
    auctionId,
    sellerId: "seller",
    startingPrice: 1000,
    incrementRule: { kind: "fixed", amount: 100 },
    endsAt: "2026-01-01T13:00:00.000Z",
  });
  return actor;
}

const bid = async (bidder: string, amount: number, idempotencyKey: string) => ({
  auctionId: "a1",
  amount,
  idempotencyKey,
  bidderToken: await token(bidder),
});

const refused = (code: string) => metrics.value("auction_bids_refused_total", { code });

describe("bids accepted and refused, counted by the actor's turn", () => {
  it("counts each accepted bid, and each refusal under its code", async () => {
    const actor = await openActor();
    const results = await actor.placeBids([
      await bid("ann", 1000, "key-ann-01"),
      await bid("bob", 1000, "key-bob-01"), // below the minimum next bid (1100)
      await bid("seller", 5000, "key-sel-01"), // the seller's token says bidder, the rules say no
      { auctionId: "a1", amount: 1200, idempotencyKey: "key-eve-01", bidderId: "eve" }, // names a bidder: no token
      await bid("bob", 1100, "key-bob-02"),
    ]);
    expect(results.map((r) => (r.accepted ? "ok" : r.code))).toEqual(["ok", "BID_TOO_LOW", "SELLER_CANNOT_BID", "INVALID_BID", "ok"]);
    expect(await metrics.value("auction_bids_accepted_total")).toBe(2);
    expect(await refused("BID_TOO_LOW")).toBe(1);
    expect(await refused("SELLER_CANNOT_BID")).toBe(1);
    expect(await refused("INVALID_BID")).toBe(1);
    expect(await refused("ALREADY_LEADING")).toBe(0);
  });

  it("does not count a retry answered from the answer book as another bid", async () => {
    const actor = await openActor();
    const first = await bid("ann", 1000, "key-ann-01");
    const low = await bid("bob", 900, "key-bob-01");
    await actor.placeBids([first, low]);
    const again = await actor.placeBids([first, low]);
    expect(again.map((r) => r.accepted)).toEqual([true, false]);
    expect(await metrics.value("auction_bids_accepted_total")).toBe(1);
    expect(await refused("BID_TOO_LOW")).toBe(1);
  });

  it("counts bids for an auction that is not live as AUCTION_NOT_FOUND", async () => {
    const actor = new TestActor(client, new ActorId("a1"));
    await actor.placeBids([await bid("ann", 1000, "key-ann-01")]);
    expect(await refused("AUCTION_NOT_FOUND")).toBe(1);
    expect(await metrics.value("auction_bids_accepted_total")).toBe(0);
  });

  it("exposes every refusal code from the start, at 0", async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^auction_bids_refused_total\{code="BID_UNPROCESSABLE",service="bidding"\} 0$/m);
    expect(text).toMatch(/^auction_bids_accepted_total\{service="bidding"\} 0$/m);
  });
});

describe("the bid turn's latency", () => {
  it("observes one duration per placeBids turn, however many bids it holds, refused turns too", async () => {
    const actor = await openActor();
    await actor.placeBids([await bid("ann", 1000, "key-ann-01"), await bid("bob", 1100, "key-bob-01")]);
    await actor.placeBids([await bid("ann", 1100, "key-ann-02")]);
    await expect(actor.placeBids("not a batch")).rejects.toThrow();
    expect(await metrics.value("auction_bid_turn_seconds_count")).toBe(3);
    expect(await metrics.value("auction_bid_turn_seconds_sum")).toBeGreaterThan(0);
  });
});
