import { resolve } from "node:path";
import type { AuctionEvent } from "@auction-mesh/contracts";
import {
  ActorClient,
  createLogger,
  lagSheddingMiddleware,
  loadConfig,
  MeshService,
  startLagShedding,
  TokenVerifier,
} from "@auction-mesh/service-kit";
import { z } from "zod";
import { adminRoutes } from "./admin-routes.js";
import { authRoutes } from "./auth-routes.js";
import { catalogueRoutes } from "./catalogue-routes.js";
import { LiveFeed } from "./domain/live-feed.js";
import { imageRoutes } from "./image-routes.js";
import { LiveHub } from "./live.js";
import { GatewayMetrics } from "./metrics.js";
import { notificationRoutes } from "./notification-routes.js";
import { paymentRoutes } from "./payment-routes.js";
import { PlaceBid } from "./place-bid.js";
import { BidRateLimiter } from "./rate-limits.js";
import { eventRoutes, liveRoutes } from "./routes.js";
import { searchRoutes } from "./search-routes.js";
import { Snapshots } from "./snapshots.js";
import { watchlistRoutes } from "./watchlist-routes.js";
import { webAppRoutes } from "./web-app.js";

// Config
const config = loadConfig({
  /** Bids per second per bidder, and per client address, on each gateway replica. */
  BID_RATE_PER_BIDDER: z.coerce.number().int().positive().default(20),
  BID_RATE_PER_IP: z.coerce.number().int().positive().default(1000),
  /** At most one Socket.IO frame of events per auction room this often (ms); 0 sends each delivery at once. */
  LIVE_FRAME_MS: z.coerce.number().int().min(0).max(1000).default(50),
  /**
   * API requests are answered 503 OVERLOADED (Retry-After) while the event loop's worst delay
   * in the last half-second window exceeds this many ms (0: never). Health probes, sidecar
   * deliveries and the web app are never shed.
   */
  SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** The built bidder web app (apps/web/dist), served at /. */
  WEB_ROOT: z.string().default(resolve(import.meta.dirname, "../../web/dist")),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring: everything but the sidecar-only routes (events, actors, /dapr) is public.
const service = new MeshService({ config, logger, publicPaths: ["/"] });
const { shedder } = startLagShedding({ maxDelayMs: config.SHED_EVENT_LOOP_DELAY_MS });
service.app.use(lagSheddingMiddleware(shedder, { only: (path) => path.startsWith("/api/") }));
const verifier = TokenVerifier.fromSecretStore(service.client);
const feed = new LiveFeed<AuctionEvent>();
const limits = new BidRateLimiter({ perBidder: config.BID_RATE_PER_BIDDER, perIp: config.BID_RATE_PER_IP });
const actors = new ActorClient(config);
const metrics = new GatewayMetrics(service.metrics);
const bids = new PlaceBid(actors, limits, metrics);
const snapshots = Snapshots.fromActors(actors);
const live = new LiveHub(snapshots, feed, logger, verifier, bids, config.LIVE_FRAME_MS, metrics);
service.app.use(authRoutes(service.sidecar));
service.app.use(liveRoutes(snapshots, feed, verifier, bids));
service.app.use(catalogueRoutes(service.sidecar));
service.app.use(adminRoutes(service.sidecar, verifier));
service.app.use(paymentRoutes(service.sidecar));
service.app.use(notificationRoutes(service.sidecar));
service.app.use(watchlistRoutes(service.sidecar));
service.app.use(searchRoutes(service.sidecar));
service.app.use(imageRoutes(config));
service.app.use(
  eventRoutes(
    feed,
    logger,
    (events) => live.publish(events),
    (push) => live.notify(push),
  ),
);
const web = webAppRoutes(config.WEB_ROOT);
if (web) service.app.use(web);
else logger.warn({ webRoot: config.WEB_ROOT }, "no web app build found; serving the API only (npm run build)");

// Start
service.stopOnSignals();
await service.start();
live.attach(service.httpServer);
