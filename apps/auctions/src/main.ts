import { join } from "node:path";
import { migrate } from "@auction-mesh/database";
import { createLogger, Jobs, loadConfig, MeshService, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { Catalogue } from "./catalogue.js";
import { DeadLetterStore, deadLetterRoutes } from "./dead-letters.js";
import { sidecarRoutes } from "./event-routes.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { ListingStore } from "./listing-store.js";
import { catalogueRoutes } from "./routes.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_catalogue"),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
const store = new ListingStore(db);
const catalogue = new Catalogue(store, new Jobs(config), service.sidecar, logger);
const verifier = TokenVerifier.fromSecretStore(service.client);
service.app.use(catalogueRoutes(catalogue, store, verifier));
service.app.use(deadLetterRoutes(new DeadLetterStore(db), service.sidecar, verifier, logger));
service.app.use(sidecarRoutes(catalogue, store, logger));

// Start
service.stopOnSignals();
await service.start();
