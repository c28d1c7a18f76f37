import type { Server } from "node:http";
import { CommunicationProtocolEnum, type DaprClient, DaprServer, LogLevel } from "@dapr/dapr";
import type { ActorRuntimeOptions } from "@dapr/dapr/types/actors/ActorRuntimeOptions.js";
import express, { type Express } from "express";
import { outlastSidecarIdleConnections } from "./app-server.js";
import type { MeshEnv } from "./config.js";
import { startCpuProfile } from "./cpu-profile.js";
import { HealthPaths, healthRouter, type ReadinessCheck, sidecarOutboundCheck } from "./health.js";
import { errorHandler, notFoundHandler } from "./http-errors.js";
import type { Logger } from "./logger.js";
import { MetricsPath, ServiceMetrics } from "./metrics.js";
import { appTokenMiddleware, traceContextMiddleware } from "./middleware.js";
import { sdkLogger } from "./sdk-logger.js";
import { Sidecar } from "./sidecar.js";
import { flushTraces, startTracing } from "./trace.js";

/** An actor class as the SDK's registerActor takes it. */
export type ActorClass = Parameters<DaprServer["actor"]["registerActor"]>[0];

export interface MeshServiceOptions {
  config: MeshEnv;
  logger: Logger;
  /** Extra readiness checks besides the sidecar's own. */
  readiness?: Record<string, ReadinessCheck>;
  /**
   * Path prefixes anyone may call without the app token (a gateway's public API). Everything
   * else (invocation routes, actors, subscriptions) is for the sidecar only.
   */
  publicPaths?: string[];
  /** Actor runtime settings the sidecar reads from GET /dapr/config. */
  actorRuntime?: ActorRuntimeOptions;
  /** The largest request body the app reads, in MiB (default 4: the SDK's, and daprd's --max-body-size). */
  maxBodySizeMb?: number;
  /** The service's metrics registry (default: a new one labelled with APP_ID, with Node's process metrics). */
  metrics?: ServiceMetrics;
}

/**
 * One mesh service: an Express app served on the Dapr HTTP app channel (JS actors require
 * HTTP), a Dapr client for its sidecar, health endpoints, Prometheus metrics (`GET /metrics`),
 * trace context, the app-token check and graceful shutdown. Register routes and actors, then
 * `start()`.
 */
export class MeshService {
  readonly app: Express;
  readonly client: DaprClient;
  /** The service's metrics: register its own with `metrics.counter(…)` and the like. */
  readonly metrics: ServiceMetrics;
  readonly server: DaprServer;
  readonly sidecar: Sidecar;
  private readonly actorTypes: ActorClass[] = [];
  private server_: Server | undefined;
  private shuttingDown = false;
  private started = false;
  private stopProfile: (() => Promise<string>) | undefined;

  constructor(private readonly options: MeshServiceOptions) {
    const { config, logger } = options;
    startTracing(config.APP_ID, config.OTEL_EXPORTER_OTLP_ENDPOINT);
    this.metrics = options.metrics ?? new ServiceMetrics(config.APP_ID);
    this.app = express();
    this.app.disable("x-powered-by");
    const clientOptions = {
      daprHost: config.DAPR_HOST,
      daprPort: String(config.DAPR_HTTP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      logger: { level: LogLevel.Info, service: sdkLogger(logger) },
      ...(config.DAPR_API_TOKEN ? { daprApiToken: config.DAPR_API_TOKEN } : {}),
      ...(options.actorRuntime ? { actor: options.actorRuntime } : {}),
    };
    this.server = new DaprServer({
      serverHost: config.APP_HOST,
      serverPort: String(config.APP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      // The SDK's express 4 typings differ from ours; the app object is compatible.
      serverHttp: this.app as never,
      clientOptions,
      logger: clientOptions.logger,
      ...(options.maxBodySizeMb ? { maxBodySizeMb: options.maxBodySizeMb } : {}),
    });
    this.client = this.server.client;
    // The SDK calls app.listen(port) and ignores the host: bind APP_HOST ourselves, and keep
    // the http.Server so others (Socket.IO) can attach to it.
    const listen = this.app.listen.bind(this.app) as (port: number, host: string) => Server;
    this.app.listen = ((port: number) => {
      this.server_ = outlastSidecarIdleConnections(listen(port, config.APP_HOST));
      return this.server_;
    }) as unknown as Express["listen"];
    this.sidecar = new Sidecar(this.client);
    // Order matters: these run before every route, including the SDK's actor routes.
    this.app.use(this.metrics.requests);
    this.app.use(traceContextMiddleware);
    // Prometheus scrapes /metrics directly, as the runner probes health: neither carries the app token.
    const open = [...Object.values(HealthPaths), MetricsPath, ...(options.publicPaths ?? [])];
    this.app.use(appTokenMiddleware(config.APP_API_TOKEN, open));
    this.app.get(MetricsPath, this.metrics.endpoint);
    this.app.use(
      healthRouter(
        { sidecar: sidecarOutboundCheck(config.DAPR_HOST, config.DAPR_HTTP_PORT), ...options.readiness },
        () => this.shuttingDown,
      ),
    );
    // Subscriptions are declarative (dapr/subscriptions); tell the sidecar there are no others.
    this.app.get("/dapr/subscribe", (_req, res) => {
      res.json([]);
    });
  }

  /** The HTTP server, once `start()` has run. */
  get httpServer(): Server {
    if (!this.server_) throw new Error("httpServer is available after start()");
    return this.server_;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  /** Actor types this app hosts; the sidecar learns them from GET /dapr/config. */
  hostActor(actorType: ActorClass): this {
    this.actorTypes.push(actorType);
    return this;
  }

  async start(): Promise<void> {
    const { CPU_PROFILE_DIR, APP_ID } = this.options.config;
    if (CPU_PROFILE_DIR) this.stopProfile = await startCpuProfile(CPU_PROFILE_DIR, APP_ID);
    if (this.actorTypes.length > 0) {
      await this.server.actor.init();
      for (const actorType of this.actorTypes) await this.server.actor.registerActor(actorType);
    }
    this.app.use(notFoundHandler);
    this.app.use(errorHandler(this.logger));
    // Listens first, then waits until the sidecar answers (it needs our port to be open).
    await this.server.start();
    this.started = true;
    this.logger.info(
      { appId: this.options.config.APP_ID, port: this.options.config.APP_PORT, actors: this.actorTypes.map((a) => a.name) },
      "service started",
    );
  }

  /** Stops taking work, lets in-flight requests finish (bounded), then closes the server. */
  async stop(reason: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.logger.info({ reason }, "shutting down");
    if (this.started) await this.server.stop();
    await flushTraces().catch((err: unknown) => this.logger.warn({ err }, "could not send the last spans"));
    if (this.stopProfile) this.logger.info({ file: await this.stopProfile() }, "CPU profile written");
  }

  /** Stops on SIGTERM / SIGINT and exits; a stop that outlives SHUTDOWN_TIMEOUT_MS exits 1. */
  stopOnSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      const timer = setTimeout(() => {
        this.logger.error({ signal }, "shutdown timed out; exiting");
        process.exit(1);
      }, this.options.config.SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      this.stop(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          this.logger.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
}
