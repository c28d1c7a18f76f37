import type { PlaceBidResult } from "@auction-mesh/contracts";
import { type Counter, type Gauge, type Histogram, HttpError, type ServiceMetrics } from "@auction-mesh/service-kit";

/** What became of a bid placed through this gateway (REST or socket). */
export const BidOutcomes = ["accepted", "refused", "rate_limited", "failed"] as const;
export type BidOutcome = (typeof BidOutcomes)[number];

/** The actor's answer, or what was thrown instead: over the bidder's rate limit, or no answer (5xx). */
export function bidOutcome(answer: { result: PlaceBidResult } | { error: unknown }): BidOutcome {
  if ("result" in answer) return answer.result.accepted ? "accepted" : "refused";
  return answer.error instanceof HttpError && answer.error.status === 429 ? "rate_limited" : "failed";
}

/** Fan-out lag, 5 ms to 10 s (seconds): frames wait up to LIVE_FRAME_MS (50 ms) on top of pub/sub. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's facts: who watches live, how late events reach them, and what became of bids placed here. */
export class GatewayMetrics {
  private readonly watchers: Gauge;
  private readonly lag: Histogram;
  private readonly bids: Counter<"outcome">;

  constructor(metrics: ServiceMetrics) {
    this.watchers = metrics.gauge({
      name: "auction_live_watchers",
      help: "Socket.IO connections open on this gateway replica (watchers, signed in or not).",
    });
    this.lag = metrics.histogram({
      name: "auction_live_fanout_lag_seconds",
      help: "From an auction event's `at` (bidding's clock) to this gateway emitting it to the sockets in its room.",
      buckets: LAG_BUCKETS,
    });
    this.bids = metrics.counter({
      name: "auction_gateway_bids_total",
      help: "Bids placed through this gateway (REST and socket), by outcome: accepted, refused (by the auction), rate_limited, failed (no answer).",
      labelNames: ["outcome"],
    });
    for (const outcome of BidOutcomes) this.bids.inc({ outcome }, 0);
  }

  /** A socket connected; it counts until it disconnects. */
  watching(socket: { once(event: "disconnect", listener: () => void): unknown }): void {
    this.watchers.inc();
    socket.once("disconnect", () => this.watchers.dec());
  }

  /** Events just emitted to watchers: how long after they happened. */
  emitted(events: readonly { at: string }[], now = Date.now()): void {
    for (const event of events) this.lag.observe(Math.max(0, now - Date.parse(event.at)) / 1000);
  }

  bidPlaced(outcome: BidOutcome): void {
    this.bids.inc({ outcome });
  }
}
