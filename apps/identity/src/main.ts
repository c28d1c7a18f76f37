import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Components, Secrets } from "@auction-mesh/contracts";
import { migrate } from "@auction-mesh/database";
import {
  createLogger,
  loadConfig,
  loadOnceUntilFailure,
  MeshService,
  probeCheck,
  readSecret,
  TokenVerifier,
} from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";
import { queued } from "./costly-work.js";
import { HashQueue } from "./domain/hash-queue.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { STARTUP_HASH_MS } from "./passwords.js";
import { identityRoutes } from "./routes.js";
import { TokenSigner } from "./tokens.js";
import { UserStore } from "./users.js";

// Config
const config = loadConfig({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/auction_identity"),
  /** How long a token is valid, in seconds. */
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(43_200),
  /**
   * The longest a sign-up or login may wait for its password work (strength check, look-ups,
   * argon2id hash), queue included: beyond it
   * identity answers 503 OVERLOADED with Retry-After at once. Well under the caller's timeout
   * (dapr/resiliency: invoke 5 s): in a burst the request has spent seconds on its way here
   * already (gateway, two sidecars, all short of CPU), which identity cannot see. Measured with
   * 400 sign-ups at once (bench/README.md): 4000 ms left 113 calls to time out and be resent by
   * daprd, 2500 ms 30, 1500 ms none.
   */
  HASH_MAX_WAIT_MS: z.coerce.number().int().positive().default(1_500),
  /** Sign-ups and logins doing their password work at once (argon2id is CPU-bound: one per core). */
  HASH_CONCURRENCY: z.coerce.number().int().positive().default(availableParallelism()),
  /** Comma-separated e-mails that become admins when they sign up. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform(
      (s) =>
        new Set(
          s
            .split(",")
            .map((e) => e.trim().toLowerCase())
            .filter(Boolean),
        ),
    ),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
const migrations = join(import.meta.dirname, "../prisma/migrations");
await migrate(config.DATABASE_URL, migrations, (message) => logger.info(message));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
const service = new MeshService({ config, logger, readiness: { database: probeCheck(() => db.$queryRaw`SELECT 1`) } });
// The signing key comes from the secret store through the sidecar, so it is read once the sidecar is up.
const loadSigner = loadOnceUntilFailure(async () =>
  TokenSigner.fromPem(await readSecret(service.client, Secrets.jwtSigningKey, Components.signingKeyStore), config.TOKEN_TTL_SECONDS),
);
service.app.use(
  identityRoutes({
    users: new UserStore(db),
    signer: loadSigner,
    verifier: TokenVerifier.fromSecretStore(service.client),
    adminEmails: config.ADMIN_EMAILS,
    costly: queued(
      new HashQueue({ maxWaitMs: config.HASH_MAX_WAIT_MS, concurrency: config.HASH_CONCURRENCY, initialEstimateMs: STARTUP_HASH_MS }),
    ),
  }),
);

// Start
service.stopOnSignals();
await service.start();
await loadSigner();
