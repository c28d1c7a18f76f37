/**
 * Every name the mesh agrees on: Dapr app ids, component names, topics and actor types.
 * Services import these instead of writing strings, and the dev runner's `check` verifies
 * that the YAML in components/ and dapr/ declares the same names.
 */
export const AppIds = {
  gateway: "gateway",
  bidding: "bidding",
  auctions: "auctions",
  identity: "identity",
  payments: "payments",
  notifications: "notifications",
  search: "search",
  media: "media",
  /** The Go service: a tamper-evident log of everything that happens to each auction. */
  audit: "audit",
} as const;
export type AppId = (typeof AppIds)[keyof typeof AppIds];

/**
 * Dapr HTTPEndpoint resources (servers outside the mesh that apps call through their sidecar,
 * so resiliency policies guard the calls): the runner writes them for the servers it embeds.
 */
export const HttpEndpoints = {
  meilisearch: "meilisearch",
} as const;

export const Components = {
  /** Pub/sub for domain events. Same name in every profile so services never change. */
  pubsub: "pubsub",
  /**
   * Where services consume domain events (auction.events) as competing consumers that resume
   * after a restart: durable per app on JetStream. Producers publish through `pubsub`; both
   * reach the same broker topics.
   */
  eventsPubsub: "pubsub-events",
  /** Pub/sub every replica of a subscriber reads in full (the gateway's fan-out). */
  broadcastPubsub: "pubsub-broadcast",
  /** bidding's actor state store (actorStateStore: "true"). */
  stateStore: "statestore",
  /** payments' actor state store, where daprd's workflow engine keeps the settlement sagas. */
  workflowStore: "workflowstore",
  /** Secret store: the token-checking public key, broker and database credentials. */
  secretStore: "secretstore",
  /**
   * The token signing key alone, in a store scoped to identity: no other app's sidecar loads
   * it, so a compromised bidding or gateway cannot mint admin tokens.
   */
  signingKeyStore: "signing-keys",
  /**
   * The mail output binding (bindings.smtp in every profile): notifications sends e-mail only
   * through it, so an operator swaps the provider (a relay, SendGrid, SES) by YAML.
   */
  mail: "mail",
  /**
   * The catalogue's housekeeping schedule (bindings.cron, an input binding): daprd calls the
   * catalogue's POST /cleanup-schedule on it, so the schedule is YAML, not a timer in code.
   */
  cleanupSchedule: "cleanup-schedule",
  /**
   * Where media keeps lot photos (an output binding: bindings.localstorage under the state
   * folder in every profile), so an operator moves them to S3, Azure Blob or GCS by YAML.
   */
  images: "images",
  /**
   * audit's append-only log (a transactional state store of its own, scoped to audit): the
   * same name in every profile, so the Go service never changes when the store does.
   */
  auditStore: "auditstore",
} as const;

/** Keys in the secret store. The dev runner generates them per environment, outside git. */
export const Secrets = {
  /** PKCS#8 PEM of the Ed25519 key identity signs tokens with (in Components.signingKeyStore only). */
  jwtSigningKey: "jwt-signing-key",
  /** SPKI PEM of its public half; every service that checks tokens reads it. */
  jwtPublicKey: "jwt-public-key",
} as const;

export const Topics = {
  /**
   * Every change of every live auction, in one topic so that one auction's events keep
   * their order on brokers that order per topic (partition key: the auction id).
   */
  auctionEvents: "auction.events",
  /**
   * The catalogue's lifecycle: published, started, cancelled, settled. Not under `auction.`:
   * on JetStream it is a stream of its own, so one durable consumer per app (pubsub-events)
   * can take it beside auction.events (a durable serves one stream).
   */
  auctionLifecycle: "catalogue.lifecycle",
  /**
   * bidding's results: each auction's close (winner and price, or no sale), alone. For the
   * contexts that act on outcomes (payments' settlement, notifications) without taking every
   * bid batch: a subscription filtered by content instead sends each non-matching message to
   * its dead-letter topic (daprd 1.18.2, pkg/runtime/subscription).
   */
  auctionResults: "auction.results",
  /** payments' settlement saga: payment due, reminder, received, completed, failed (through its outbox). */
  settlementEvents: "settlement.events",
  /** A notification for one person, to every gateway replica (which pushes it to that person's sockets). */
  notificationPushes: "notification.pushes",
} as const;

/**
 * Dead-letter topics, one per subscriber app: every subscription in dapr/subscriptions names
 * its app's topic as `deadLetterTopic` (the `check` command refuses one that does not). Dapr
 * forwards a message there unchanged (the original CloudEvent, whose `topic` is the original
 * topic) when the app answers DROP or when the inbound retry policy runs out; the message
 * itself does not say which subscriber failed, so the topic does. The catalogue keeps them
 * (the message hospital).
 *
 * Not under `auction.`, and one JetStream stream per topic (auction-mesh.yaml): Dapr's
 * JetStream component publishes with the CloudEvent id as Nats-Msg-Id, and a stream silently
 * drops a message whose id it saw within its duplicate window (2 minutes). A dead letter is
 * the original CloudEvent again, so in the original's stream (AUCTIONS) it would vanish, and
 * when two subscribers drop the same event, a shared dead-letter stream would keep only the
 * first. A new subscriber app needs its topic here and its stream there.
 */
export const DeadLetterTopics = {
  gateway: "deadletters.gateway",
  auctions: "deadletters.auctions",
  payments: "deadletters.payments",
  notifications: "deadletters.notifications",
  search: "deadletters.search",
  audit: "deadletters.audit",
} as const satisfies Partial<Record<AppId, string>>;
export const DeadLetterTopicPrefix = "deadletters.";

/** HTTP headers the services agree on. */
export const MeshHeaders = {
  /**
   * Names one attempt at creating something (an account, a listing). daprd resends a call whose
   * answer is late (dapr/resiliency) while the callee may still be working on the first one, and
   * clients resend after a network error: every resend carries the same key, so the callee makes
   * one thing and answers every attempt with it. Same header as the IETF draft "The
   * Idempotency-Key HTTP Header Field"; the gateway passes a client's own key on, or makes one.
   */
  idempotencyKey: "idempotency-key",
} as const;

export const ActorTypes = {
  auction: "AuctionActor",
} as const;

/** Routes a service exposes to other services through Dapr service invocation. */
export const BiddingRoutes = {
  openAuction: "auctions/open",
  snapshot: "auctions/snapshot",
} as const;

/** Routes of the auctions service (the catalogue). */
export const AuctionsRoutes = {
  create: "listings/create",
  update: "listings/update",
  publish: "listings/publish",
  cancel: "listings/cancel",
  get: "listings/get",
  list: "listings/list",
  bidHistory: "listings/bids",
  /** The signed-in person's auctions they bid on, with their standing in each. */
  myBids: "listings/my-bids",
  /** Listings by id with their bidding so far (the watchlist page). */
  lots: "listings/lots",
  /** Every listing anyone may see, page by page in id order: search's rebuild (access control: search only; not under listings/, which the gateway may call). */
  export: "exports/listings",
  /** The same for listings by id (a listing search hears of first through a bid). */
  exportLots: "exports/lots",
  /** The message hospital (admins only). */
  deadLetters: "dead-letters/list",
  replayDeadLetter: "dead-letters/replay",
  discardDeadLetter: "dead-letters/discard",
  /** A producer (bidding) hands over a message it can never publish. */
  admitDeadLetter: "dead-letters/admit",
  /** payments' settlement saga records the sale's outcome: sold (paid) or unsold. */
  settle: "sales/record",
  /** Which of these image paths some listing uses (media's housekeeping; access control: media only). */
  imagesInUse: "image-references/in-use",
} as const;

/** Routes of the media service (lot photos). */
export const MediaRoutes = {
  /** A seller's upload: the image's bytes as the body (the gateway's multipart part). */
  upload: "images/upload",
  /** `images/files/<name>`: a stored file (GET), served with long cache headers. */
  files: "images/files",
} as const;

/** Routes of the identity service. */
export const IdentityRoutes = {
  signUp: "users/sign-up",
  login: "users/login",
  me: "users/me",
  /** A person's e-mail address and name, for notifications only (access control). */
  contact: "users/contact",
} as const;

/** Routes of the payments service (wallets; the caller's bearer token names the wallet). */
export const PaymentsRoutes = {
  balance: "wallets/balance",
  statement: "wallets/statement",
  topUp: "wallets/top-ups",
  /** An auction's settlement (its buyer, its seller or an admin). */
  settlement: "settlements/get",
  /** The runner-up accepts a second-chance offer (payments checks the funds first). */
  acceptOffer: "settlements/accept-offer",
} as const;

/** Where payments' sidecar delivers each topic (dapr/subscriptions). */
export const PaymentsEventRoutes = {
  auctionResults: "/events/auction-results",
} as const;

/** Routes of the notifications service (the caller's bearer token names the person). */
export const NotificationsRoutes = {
  list: "notifications/list",
  markRead: "notifications/read",
  preferences: "preferences/get",
  updatePreferences: "preferences/update",
  /** The signed-in person's watchlist: watch or stop, one auction's state, the list. */
  watch: "watches/set",
  watching: "watches/get",
  watches: "watches/list",
} as const;

/** Routes of the search service. */
export const SearchRoutes = {
  /** Anyone's search (the gateway). */
  query: "search/query",
  /** Rebuild the index from the catalogue (the runner's `reindex`, through search's own sidecar). */
  reindex: "admin/reindex",
  reindexStatus: "admin/reindex-status",
} as const;

/** Where search's sidecar delivers each topic (dapr/subscriptions). */
export const SearchEventRoutes = {
  auctionEvents: "/events/auction",
  lifecycle: "/events/lifecycle",
} as const;

/** Where notifications' sidecar delivers each topic (dapr/subscriptions). */
export const NotificationsEventRoutes = {
  auctionEvents: "/events/auction",
  settlementEvents: "/events/settlement",
} as const;

/** Where the auctions service's sidecar delivers each topic (dapr/subscriptions). */
export const AuctionsEventRoutes = {
  auctionEvents: "/events/auction",
  /** `/events/dead-letters/<app>`: one route per dead-letter topic (DeadLetterTopics). */
  deadLettersPrefix: "/events/dead-letters/",
} as const;

/** Scheduler jobs (Dapr Jobs API) and the app route the sidecar calls when one is due. */
export const Jobs = {
  /** `start-<auctionId>`: hands a published auction to bidding at its start time. */
  startAuctionPrefix: "start-",
  /** `ending-soon-<auctionId>`: notifications tells the auction's bidders it ends soon. */
  endingSoonPrefix: "ending-soon-",
  route: "/job",
} as const;

/** Routes of the audit service (Go; access control: the gateway only, for admins). */
export const AuditRoutes = {
  /** One auction's entries, a page at a time, with the whole chain verified. */
  trail: "audit/trail",
} as const;

/** Where audit's sidecar delivers each topic (dapr/subscriptions/audit-*.yaml; apps/audit/internal/api/routes.go has the same). */
export const AuditEventRoutes = {
  auctionEvents: "/events/auction",
  lifecycle: "/events/lifecycle",
  settlementEvents: "/events/settlement",
} as const;

/** Where the gateway's sidecar delivers each topic (declared in dapr/subscriptions). */
export const GatewayEventRoutes = {
  auctionEvents: "/events/auction",
  notificationPushes: "/events/notifications",
} as const;
