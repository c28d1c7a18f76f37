import { AuctionActorContract, type LiveBidRequest, type PlaceBidCommand, type PlaceBidResult } from "@auction-mesh/contracts";
import { type ActorClient, actorProxy, Batcher } from "@auction-mesh/service-kit";
import { bidOutcome, type GatewayMetrics } from "./metrics.js";
import type { BidRateLimiter } from "./rate-limits.js";

/** Who is bidding: the verified bidder and the token that proves it to the auction's actor. */
export interface Bidder {
  id: string;
  token: string;
  /** The client's address, for the per-address limit. */
  ip: string;
}

/**
 * Placing a bid, the one use case behind the REST route and the socket message: the bidder's
 * rate limits, then the auction's actor through this gateway's sidecar (actor API, not bidding's
 * HTTP routes: two hops fewer). The bidder's own token travels with the bid: the actor checks
 * it, trusting no caller. Bids for one auction that arrive while its previous batch is in
 * flight go together in the next actor turn (group commit).
 */
export class PlaceBid {
  private readonly batcher: Batcher<string, PlaceBidCommand, PlaceBidResult>;

  constructor(
    actors: ActorClient,
    private readonly limits: BidRateLimiter,
    private readonly metrics: GatewayMetrics,
  ) {
    this.batcher = new Batcher((auctionId, commands) => actorProxy(actors, AuctionActorContract, auctionId).placeBids(commands));
  }

  /** The actor's answer; throws HttpError 429 RATE_LIMITED (details.retryAfterMs) or 502. Each outcome is counted. */
  async place(bidder: Bidder, request: Omit<LiveBidRequest, "traceparent">): Promise<PlaceBidResult> {
    try {
      await this.limits.check(bidder.id, bidder.ip);
      const result = await this.batcher.submit(request.auctionId, { ...request, bidderToken: bidder.token });
      this.metrics.bidPlaced(bidOutcome({ result }));
      return result;
    } catch (error) {
      this.metrics.bidPlaced(bidOutcome({ error }));
      throw error;
    }
  }
}
