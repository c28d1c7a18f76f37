import { BidRejectionCode, type PlaceBidResult } from "@auction-mesh/contracts";
import { type Counter, type Histogram, ServiceMetrics } from "@auction-mesh/service-kit";

/** Actor turns, 1 ms to 5 s (seconds): one verifies tokens, writes state and publishes. */
const TURN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * bidding's facts, counted where AuctionActor decides them: each bid's answer once (a retry
 * answered from the answer book is not a second bid), and how long each turn takes.
 */
export class BiddingMetrics {
  private readonly accepted: Counter;
  private readonly refused: Counter<"code">;
  private readonly turns: Histogram;

  constructor(metrics: ServiceMetrics) {
    this.accepted = metrics.counter({ name: "auction_bids_accepted_total", help: "Bids the auctions' actors accepted." });
    this.refused = metrics.counter({
      name: "auction_bids_refused_total",
      help: "Bids the auctions' actors refused, by refusal code (BidRejectionCode).",
      labelNames: ["code"],
    });
    // Every code from the start at 0, so a rate over a code that never happened yet is 0, not absent.
    for (const code of BidRejectionCode.options) this.refused.inc({ code }, 0);
    this.turns = metrics.histogram({
      name: "auction_bid_turn_seconds",
      help: "How long an AuctionActor takes over one placeBids turn (a batch of bids): admission, rules, state write, publish.",
      buckets: TURN_BUCKETS,
    });
  }

  /** For actors nobody configured (tests): a registry of their own, read by no one. */
  static unscraped(): BiddingMetrics {
    return new BiddingMetrics(new ServiceMetrics("bidding", { defaultMetrics: false }));
  }

  /** Counts the answers a turn decided. */
  answered(results: readonly PlaceBidResult[]): void {
    for (const result of results) {
      if (result.accepted) this.accepted.inc();
      else this.refused.inc({ code: result.code });
    }
  }

  /** Starts timing a turn; call the answer when it ends, whichever way. */
  startTurn(): () => void {
    const end = this.turns.startTimer();
    return () => void end();
  }
}
