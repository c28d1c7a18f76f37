import type { AuctionEvent } from "@auction-mesh/contracts";
import { createLogger, loadConfig, MeshService } from "@auction-mesh/service-kit";
import { z } from "zod";
import { LiveFeed } from "./domain/live-feed.js";
import { LiveHub } from "./live.js";
import { BidRateLimiter } from "./rate-limits.js";
import { apiRoutes, eventRoutes } from "./routes.js";

// Config
const config = loadConfig({
  /** Bids per second per bidder, and per client address, on each gateway replica. */
  BID_RATE_PER_BIDDER: z.coerce.number().int().positive().default(20),
  BID_RATE_PER_IP: z.coerce.number().int().positive().default(1000),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
const service = new MeshService({ config, logger, publicPaths: ["/api"] });
const feed = new LiveFeed<AuctionEvent>();
const limits = new BidRateLimiter({ perBidder: config.BID_RATE_PER_BIDDER, perIp: config.BID_RATE_PER_IP });
const live = new LiveHub(service.sidecar, feed, logger, limits);
service.app.use(apiRoutes(service.sidecar, feed, limits));
service.app.use(eventRoutes(feed, logger, (event) => live.publish(event)));

// Start
service.stopOnSignals();
await service.start();
live.attach(service.httpServer);
