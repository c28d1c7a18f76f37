import { join } from "node:path";
import { ImageLimits } from "@auction-mesh/contracts";
import { migrate } from "@auction-mesh/database";
import { createLogger, loadConfig, MeshService, probeCheck, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { PrismaClient } from "./generated/prisma/client.js";
import { Housekeeping } from "./housekeeping.js";
import { ImageFiles } from "./image-files.js";
import { housekeepingRoutes, imageRoutes } from "./routes.js";
import { UploadStore } from "./upload-store.js";
import { Uploads } from "./uploads.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_media"),
  /** Housekeeping (the cleanup-schedule binding): uploads no listing uses are removed after this many hours. */
  UPLOAD_RETENTION_HOURS: z.coerce.number().positive().default(24),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
await migrate(config.DATABASE_URL, join(import.meta.dirname, "../prisma/migrations"), (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({
  config,
  logger,
  readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) },
  // An upload's bytes, and a little room (daprd's --max-body-size for media is set in auction-mesh.yaml).
  maxBodySizeMb: Math.ceil(ImageLimits.maxBytes / 1024 / 1024) + 1,
});
const verifier = TokenVerifier.fromSecretStore(service.client);
const store = new UploadStore(db);
const uploads = new Uploads(new ImageFiles(config), store);
const housekeeping = new Housekeeping(uploads, store, service.sidecar, config.UPLOAD_RETENTION_HOURS, logger);
service.app.use(imageRoutes(uploads, verifier));
service.app.use(housekeepingRoutes(housekeeping));

// Start
service.stopOnSignals();
await service.start();
