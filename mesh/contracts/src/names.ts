/**
 * Every name the mesh agrees on: Dapr app ids, component names, topics and actor types.
 * Services import these instead of writing strings, and the dev runner's `check` verifies
 * that the YAML in components/ and dapr/ declares the same names.
 */
export const AppIds = {
  gateway: "gateway",
  bidding: "bidding",
} as const;
export type AppId = (typeof AppIds)[keyof typeof AppIds];

export const Components = {
  /** Pub/sub for domain events. Same name in every profile so services never change. */
  pubsub: "pubsub",
  /** State store shared by actors (actorStateStore: "true"). */
  stateStore: "statestore",
} as const;

export const Topics = {
  /**
   * Every change of every live auction, in one topic so that one auction's events keep
   * their order on brokers that order per topic (partition key: the auction id).
   */
  auctionEvents: "auction.events",
} as const;

export const ActorTypes = {
  auction: "AuctionActor",
} as const;

/** Routes a service exposes to other services through Dapr service invocation. */
export const BiddingRoutes = {
  openAuction: "auctions/open",
  placeBid: "auctions/bid",
  snapshot: "auctions/snapshot",
} as const;

/** Where the gateway's sidecar delivers each topic (declared in dapr/subscriptions). */
export const GatewayEventRoutes = {
  auctionEvents: "/events/auction",
} as const;
