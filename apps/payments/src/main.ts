import { join } from "node:path";
import { migrate, PrismaOutbox } from "@auction-mesh/database";
import { createLogger, loadConfig, MeshService, outboxRelay, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { PrismaClient } from "./generated/prisma/client.js";
import { LedgerStore } from "./ledger-store.js";
import { PaymentsMetrics } from "./metrics.js";
import { SandboxProcessor } from "./processor.js";
import { paymentsEventRoutes, paymentsRoutes } from "./routes.js";
import { SettlementStore } from "./settlement-store.js";
import { Settlements } from "./settlements.js";
import { Wallets } from "./wallets.js";
import { workflowHost } from "./workflow-host.js";

// Config
const BasisPoints = z.coerce.number().int().min(0).max(10_000);
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_payments"),
  /** daprd's gRPC port: the workflow worker and client talk to the engine there. */
  DAPR_GRPC_PORT: z.coerce.number().int().min(1).max(65535).default(50001),
  /** The buyer's premium on the hammer price, in basis points (1,000 = 10 %). */
  BUYERS_PREMIUM_BPS: BasisPoints.default(1_000),
  /** The platform's fee taken from the hammer price, in basis points (500 = 5 %). */
  PLATFORM_FEE_BPS: BasisPoints.default(500),
  /** How long a winner short of funds has to pay (hours in production, seconds in tests). */
  PAYMENT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(48 * 3600),
  /** How long the runner-up has to accept a second-chance offer when the winner did not pay. */
  SECOND_CHANCE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3600),
  /** How long before that deadline the winner is reminded, once. */
  PAYMENT_REMINDER_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3600),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
const ledger = new LedgerStore(db);
const outbox = outboxRelay(new PrismaOutbox(db), (topic, payload) => service.sidecar.publishStored(topic, payload), logger);
const store = new SettlementStore(db, () => outbox.wake());
const rates = { buyersPremiumBps: config.BUYERS_PREMIUM_BPS, platformFeeBps: config.PLATFORM_FEE_BPS };
const metrics = new PaymentsMetrics(service.metrics);
const workflows = workflowHost(config, { ledger, settlements: store, sidecar: service.sidecar, rates, logger, metrics });
const terms = {
  paymentWindowMs: config.PAYMENT_WINDOW_SECONDS * 1000,
  reminderLeadMs: config.PAYMENT_REMINDER_SECONDS * 1000,
  offerWindowMs: config.SECOND_CHANCE_WINDOW_SECONDS * 1000,
};
const settlements = new Settlements(workflows.client, store, terms, logger);
const wallets = new Wallets(ledger, new SandboxProcessor(), (ownerId) => settlements.onFundsAdded(ownerId));
service.app.use(paymentsRoutes(wallets, settlements, TokenVerifier.fromSecretStore(service.client)));
service.app.use(paymentsEventRoutes(settlements, logger));

// Start
service.stopOnSignals();
await service.start();
await workflows.runtime.start();
outbox.start();
