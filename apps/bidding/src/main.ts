import { AuctionActorContract } from "@auction-mesh/contracts";
import { ActorClient, actorProxy, createLogger, loadConfig, MeshService, TokenVerifier } from "@auction-mesh/service-kit";
import { z } from "zod";
import { AuctionActor } from "./auction-actor.js";
import { quarantineInHospital } from "./hospital.js";
import { BiddingMetrics } from "./metrics.js";
import { biddingRoutes } from "./routes.js";

// Config
const config = loadConfig({
  /** How long an idle AuctionActor stays in memory (Go duration). */
  ACTOR_IDLE_TIMEOUT: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/)
    .default("10m"),
  /** How often an auction with unpublished events retries them (its drain reminder's period). */
  OUTBOX_DRAIN_SECONDS: z.coerce.number().int().positive().default(10),
  /** How long a bid's answer is kept for a retry with its idempotency key (README: Bidding)... */
  BID_ANSWER_RETENTION_SECONDS: z.coerce.number().int().positive().default(300),
  /** ...and how many of an auction's newest answers at most (memory: ~600 bytes each). */
  BID_ANSWER_MAX_KEPT: z.coerce.number().int().positive().default(100_000),
});
const logger = createLogger(config.APP_ID, config.LOG_LEVEL);

// Wiring
const service = new MeshService({
  config,
  logger,
  actorRuntime: { actorIdleTimeout: config.ACTOR_IDLE_TIMEOUT, actorScanInterval: "5s" },
});
const actors = new ActorClient(config);
service.hostActor(
  AuctionActor.configure({
    logger,
    drainPeriodSeconds: config.OUTBOX_DRAIN_SECONDS,
    answerRetention: { ms: config.BID_ANSWER_RETENTION_SECONDS * 1000, maxKept: config.BID_ANSWER_MAX_KEPT },
    verifier: TokenVerifier.fromSecretStore(service.client),
    quarantine: quarantineInHospital,
    closeThroughSidecar: async (auctionId) => void (await actorProxy(actors, AuctionActorContract, auctionId).closeIfDue()),
    metrics: new BiddingMetrics(service.metrics),
  }),
);
service.app.use(biddingRoutes(actors));

// Start
service.stopOnSignals();
await service.start();
