import type { AuctionEvent } from "@auction-mesh/contracts";
import { createLogger, loadConfig, MeshService } from "@auction-mesh/service-kit";
import { LiveFeed } from "./domain/live-feed.js";
import { LiveHub } from "./live.js";
import { apiRoutes, eventRoutes } from "./routes.js";

// Config
const config = loadConfig({});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
const service = new MeshService({ config, logger, publicPaths: ["/api"] });
const feed = new LiveFeed<AuctionEvent>();
const live = new LiveHub(service.sidecar, feed, logger);
service.app.use(apiRoutes(service.sidecar, feed));
service.app.use(eventRoutes(feed, logger, (event) => live.publish(event)));

// Start
service.stopOnSignals();
await service.start();
live.attach(service.httpServer);
