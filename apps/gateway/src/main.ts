import type { AuctionEvent } from "@auction-mesh/contracts";
import { createLogger, loadConfig, MeshService } from "@auction-mesh/service-kit";
import { LiveFeed } from "./domain/live-feed.js";
import { apiRoutes, eventRoutes } from "./routes.js";

// Config
const config = loadConfig({});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
const service = new MeshService({ config, logger, publicPaths: ["/api"] });
const feed = new LiveFeed<AuctionEvent>();
service.app.use(apiRoutes(service.sidecar, feed));
service.app.use(eventRoutes(feed, logger));

// Start
service.stopOnSignals();
await service.start();
