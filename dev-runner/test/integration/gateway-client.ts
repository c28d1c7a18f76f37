import { inSeconds, json, post } from "./harness.js";

export interface FeedEvent {
  type: string;
  sequence: number;
  winnerId?: string | null;
  finalPrice?: number | null;
}

/** The gateway's public API, as the integration tests use it. */
export class GatewayClient {
  constructor(readonly url: string) {}

  openAuction(id: string, endsInSeconds = 600) {
    return post(`${this.url}/api/auctions`, {
      auctionId: id,
      sellerId: "seller-1",
      startingPrice: 1000,
      incrementRule: { kind: "fixed", amount: 100 },
      endsAt: inSeconds(endsInSeconds),
    });
  }

  bid(id: string, bidderId: string, amount: number, idempotencyKey = `k-${bidderId}-${amount}-${id}`) {
    return post(`${this.url}/api/auctions/${id}/bids`, { bidderId, amount, idempotencyKey });
  }

  snapshot(id: string) {
    return json(`${this.url}/api/auctions/${id}`);
  }

  async events(id: string): Promise<FeedEvent[]> {
    return (await json<{ events: FeedEvent[] }>(`${this.url}/api/auctions/${id}/events`)).body.events;
  }
}
