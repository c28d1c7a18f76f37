import { join } from "node:path";
import { HttpEndpoints } from "@auction-mesh/contracts";
import { migrate } from "@auction-mesh/database";
import { createLogger, DrainLoop, loadConfig, MeshService, probeCheck } from "@auction-mesh/service-kit";
import { z } from "zod";
import { catalogueFeed } from "./catalogue-feed.js";
import { DocumentStore } from "./document-store.js";
import { MeilisearchEngine } from "./engines/meilisearch-engine.js";
import { PostgresEngine, searchDatabase } from "./engines/postgres-engine.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { indexSync } from "./index-sync.js";
import { meilisearchClient } from "./meilisearch-client.js";
import { Projection } from "./projection.js";
import { Reindexer } from "./reindex.js";
import { searchEventRoutes, searchRoutes } from "./routes.js";
import { SearchService } from "./search-service.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_search"),
  /** Meilisearch (the dev runner's embedded one, or an operator's); unset: PostgreSQL answers every search. */
  MESH_MEILISEARCH_URL: z.url().optional(),
  MESH_MEILISEARCH_KEY: z.string().min(1).optional(),
  /**
   * The Dapr HTTPEndpoint (pointing at MESH_MEILISEARCH_URL) to call Meilisearch through, so
   * dapr/resiliency's timeout and circuit breaker guard every call; empty: call it directly.
   */
  MEILISEARCH_HTTP_ENDPOINT: z.string().default(HttpEndpoints.meilisearch),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: searchDatabase(config.DATABASE_URL) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
const store = new DocumentStore(db);
const meilisearch = config.MESH_MEILISEARCH_URL ? new MeilisearchEngine(meilisearchClient(config)) : undefined;
const sync = meilisearch ? new DrainLoop("meilisearch-sync", indexSync(store, meilisearch), logger, { maxBackoffMs: 5_000 }) : undefined;
const feed = catalogueFeed(service.sidecar);
const projection = new Projection(store, feed.lot, () => sync?.wake());
const reindexer = new Reindexer(store, feed.page, meilisearch, () => sync?.wake(), logger);
service.app.use(searchRoutes(new SearchService(new PostgresEngine(db), meilisearch, logger), reindexer));
service.app.use(searchEventRoutes(projection, logger));

// Start
service.stopOnSignals();
await service.start();
await meilisearch
  ?.configure()
  .catch((err: unknown) => logger.warn({ err }, "Meilisearch is not answering; its index is set up on the next reindex"));
sync?.start();
