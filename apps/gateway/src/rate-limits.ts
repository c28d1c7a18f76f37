import { HttpError } from "@auction-mesh/service-kit";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface BidLimits {
  /** Bids a bidder may place per second. */
  perBidder: number;
  /** Bids one client address may send per second (all its bidders together). */
  perIp: number;
}

/**
 * Bid rate limits per bidder and per client address, for REST and Socket.IO alike. Counted
 * per gateway replica (in memory): with N replicas behind a balancer a client gets up to N×.
 * A refused bid is answered 429 RATE_LIMITED with when to retry, and never reaches bidding.
 */
export class BidRateLimiter {
  private readonly bidders: RateLimiterMemory;
  private readonly ips: RateLimiterMemory;

  constructor(limits: BidLimits) {
    this.bidders = new RateLimiterMemory({ keyPrefix: "bidder", points: limits.perBidder, duration: 1 });
    this.ips = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIp, duration: 1 });
  }

  /** Resolves when the bid may go ahead; throws HttpError 429 RATE_LIMITED when not. */
  async check(bidderId: string, ip: string): Promise<void> {
    try {
      await this.ips.consume(ip);
      await this.bidders.consume(bidderId);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterMs = Math.max(1, Math.ceil(err.msBeforeNext));
      const refused = new HttpError(429, "RATE_LIMITED", `Too many bids; retry in ${retryAfterMs} ms`, { retryAfterMs });
      // The service kit's error handler sends it as Retry-After (whole seconds, at least 1).
      refused.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
      throw refused;
    }
  }
}
