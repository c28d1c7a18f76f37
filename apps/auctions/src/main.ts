import { join } from "node:path";
import { migrate } from "@auction-mesh/database";
import { createLogger, Jobs, loadConfig, MeshService, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { Catalogue } from "./catalogue.js";
import { DeadLetterStore, deadLetterRoutes } from "./dead-letters.js";
import { sidecarRoutes } from "./event-routes.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { Housekeeping } from "./housekeeping.js";
import { ListingStore } from "./listing-store.js";
import { catalogueRoutes } from "./routes.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_catalogue"),
  /** Housekeeping (the cleanup-schedule binding): drafts untouched this long go. */
  DRAFT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Housekeeping: dead letters an admin resolved this long ago go (waiting ones stay). */
  DEAD_LETTER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
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
const deadLetters = new DeadLetterStore(db);
const retention = { draftDays: config.DRAFT_RETENTION_DAYS, deadLetterDays: config.DEAD_LETTER_RETENTION_DAYS };
service.app.use(deadLetterRoutes(deadLetters, service.sidecar, verifier, logger));
service.app.use(sidecarRoutes(catalogue, store, new Housekeeping(store, deadLetters, retention, logger), logger));

// Start
service.stopOnSignals();
await service.start();
