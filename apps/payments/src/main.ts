import { join } from "node:path";
import { migrate } from "@auction-mesh/database";
import { createLogger, loadConfig, MeshService, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { PrismaClient } from "./generated/prisma/client.js";
import { LedgerStore } from "./ledger-store.js";
import { SandboxProcessor } from "./processor.js";
import { paymentsRoutes } from "./routes.js";
import { Wallets } from "./wallets.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_payments"),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
const wallets = new Wallets(new LedgerStore(db), new SandboxProcessor());
service.app.use(paymentsRoutes(wallets, TokenVerifier.fromSecretStore(service.client)));

// Start
service.stopOnSignals();
await service.start();
