import { join } from "node:path";
import { AppIds, Contact, IdentityRoutes } from "@auction-mesh/contracts";
import { migrate, PrismaOutbox } from "@auction-mesh/database";
import { createLogger, DrainLoop, Jobs, loadConfig, MeshService, outboxRelay, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { EndingReminders } from "./ending-reminders.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { catalogueLots } from "./lots.js";
import { mailBinding } from "./mail-binding.js";
import { MailQueue } from "./mail-queue.js";
import { NotificationMetrics } from "./metrics.js";
import { NotificationStore } from "./notification-store.js";
import { Notifier } from "./notifier.js";
import { notificationsEventRoutes, notificationsRoutes, watchlistRoutes } from "./routes.js";
import { WatchStore } from "./watch-store.js";
import { Watchlist } from "./watchlist.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_notifications"),
  /** Where links in e-mails point: the web app's address as people reach it. */
  PUBLIC_URL: z.url().default("http://127.0.0.1:7200"),
  /** How long before an auction's end its bidders hear it ends soon. */
  ENDING_SOON_SECONDS: z.coerce.number().int().positive().default(300),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
const store = new NotificationStore(db);
const pushes = outboxRelay(new PrismaOutbox(db), (topic, payload) => service.sidecar.publishStored(topic, payload), logger);
const contacts = (userId: string) => service.sidecar.invoke(AppIds.identity, IdentityRoutes.contact, { userId }, Contact);
const metrics = new NotificationMetrics(service.metrics);
const mailQueue = new MailQueue(db, contacts, mailBinding(service.client), config.PUBLIC_URL, logger, metrics);
const mail = new DrainLoop("mail", () => mailQueue.drainOnce(), logger);
const endings = new EndingReminders(new Jobs(config), config.ENDING_SOON_SECONDS * 1000);
const lots = catalogueLots(service.sidecar);
const watches = new WatchStore(db);
const notifier = new Notifier(
  store,
  lots,
  endings,
  watches,
  ({ pushed, mailed }) => {
    if (pushed > 0) pushes.wake();
    if (mailed > 0) mail.wake();
  },
  logger,
  metrics,
);
const verifier = TokenVerifier.fromSecretStore(service.client);
service.app.use(notificationsRoutes(store, verifier));
service.app.use(watchlistRoutes(new Watchlist(watches, lots, endings, logger), watches, verifier));
service.app.use(notificationsEventRoutes(notifier, logger));

// Start
service.stopOnSignals();
await service.start();
pushes.start();
mail.start();
