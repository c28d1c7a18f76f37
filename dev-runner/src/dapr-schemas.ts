/**
 * Schemas of the Dapr resources we ship. daprd logs and skips a resource it cannot read (a
 * misspelled key, a bad duration) and starts anyway; these reject them before anything runs.
 * Objects are strict: an unknown key is an error, which is how misspellings are caught.
 */
import { z } from "zod";

/** Go's time.ParseDuration syntax, e.g. 500ms, 5s, 1m30s. */
export const GoDuration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/, "must be a Go duration such as 500ms, 5s or 1m30s");

const Name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lowercase DNS-style name (a-z, 0-9, '-', '.')");
const Metadata = z
  .object({
    name: Name,
    namespace: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const Scopes = z.array(z.string().min(1)).min(1, "list at least one app id");

const SecretKeyRef = z.object({ name: z.string().min(1), key: z.string().min(1).optional() }).strict();
export const MetadataItem = z
  .object({
    name: z.string().min(1),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    secretKeyRef: SecretKeyRef.optional(),
    envRef: z.string().optional(),
  })
  .strict()
  .refine(
    (m) => (m.value !== undefined ? 1 : 0) + (m.secretKeyRef ? 1 : 0) + (m.envRef ? 1 : 0) === 1,
    "give exactly one of value, secretKeyRef or envRef",
  );

export const Component = z
  .object({
    apiVersion: z.literal("dapr.io/v1alpha1"),
    kind: z.literal("Component"),
    metadata: Metadata,
    spec: z
      .object({
        type: z.string().regex(/^[a-z]+(\.[a-z0-9-]+)+$/, "must look like state.redis or pubsub.jetstream"),
        version: z.string().regex(/^v[0-9]+$/, "must look like v1"),
        metadata: z.array(MetadataItem).default([]),
        initTimeout: GoDuration.optional(),
        ignoreErrors: z.boolean().optional(),
      })
      .strict(),
    auth: z
      .object({ secretStore: z.string().min(1) })
      .strict()
      .optional(),
    scopes: Scopes.optional(),
  })
  .strict();
export type Component = z.infer<typeof Component>;

const RetryPolicy = z
  .object({
    policy: z.enum(["constant", "exponential"]),
    duration: GoDuration.optional(),
    maxInterval: GoDuration.optional(),
    maxRetries: z.number().int().min(-1).optional(),
    matching: z.object({ httpStatusCodes: z.string().optional(), gRPCStatusCodes: z.string().optional() }).strict().optional(),
  })
  .strict();
const CircuitBreakerPolicy = z
  .object({
    maxRequests: z.number().int().positive().optional(),
    interval: GoDuration.optional(),
    timeout: GoDuration.optional(),
    trip: z
      .string()
      .regex(/^consecutiveFailures\s*(>=|>|==)\s*[0-9]+$/, "must look like consecutiveFailures >= 5")
      .optional(),
  })
  .strict();
const PolicyRefs = { timeout: z.string().optional(), retry: z.string().optional(), circuitBreaker: z.string().optional() };

export const Resiliency = z
  .object({
    apiVersion: z.literal("dapr.io/v1alpha1"),
    kind: z.literal("Resiliency"),
    metadata: Metadata,
    spec: z
      .object({
        policies: z
          .object({
            timeouts: z.record(z.string(), GoDuration).optional(),
            retries: z.record(z.string(), RetryPolicy).optional(),
            circuitBreakers: z.record(z.string(), CircuitBreakerPolicy).optional(),
          })
          .strict(),
        targets: z
          .object({
            apps: z.record(z.string(), z.object(PolicyRefs).strict()).optional(),
            actors: z
              .record(
                z.string(),
                z
                  .object({
                    ...PolicyRefs,
                    circuitBreakerScope: z.enum(["type", "id", "both"]).optional(),
                    circuitBreakerCacheSize: z.number().int().positive().optional(),
                  })
                  .strict()
                  .refine(
                    (a) => !a.circuitBreaker || a.circuitBreakerScope,
                    "an actor circuit breaker needs circuitBreakerScope (type, id or both)",
                  ),
              )
              .optional(),
            components: z
              .record(
                z.string(),
                z
                  .object({ outbound: z.object(PolicyRefs).strict().optional(), inbound: z.object(PolicyRefs).strict().optional() })
                  .strict(),
              )
              .optional(),
          })
          .strict(),
      })
      .strict(),
    scopes: Scopes.optional(),
  })
  .strict();
export type Resiliency = z.infer<typeof Resiliency>;

export const Subscription = z
  .object({
    apiVersion: z.literal("dapr.io/v2alpha1"),
    kind: z.literal("Subscription"),
    metadata: Metadata,
    spec: z
      .object({
        pubsubname: z.string().min(1),
        topic: z.string().min(1),
        routes: z
          .object({
            default: z.string().startsWith("/").optional(),
            rules: z.array(z.object({ match: z.string().min(1), path: z.string().startsWith("/") }).strict()).optional(),
          })
          .strict(),
        deadLetterTopic: z.string().min(1).optional(),
        metadata: z.record(z.string(), z.string()).optional(),
        bulkSubscribe: z
          .object({
            enabled: z.boolean(),
            maxMessagesCount: z.number().int().positive().optional(),
            maxAwaitDurationMs: z.number().int().positive().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    scopes: Scopes.optional(),
  })
  .strict();
export type Subscription = z.infer<typeof Subscription>;

const AccessPolicy = z
  .object({
    appId: z.string().min(1),
    defaultAction: z.enum(["allow", "deny"]).optional(),
    trustDomain: z.string().min(1),
    namespace: z.string().min(1),
    operations: z
      .array(z.object({ name: z.string().min(1), httpVerb: z.array(z.string()).optional(), action: z.enum(["allow", "deny"]) }).strict())
      .optional(),
  })
  .strict();

export const Configuration = z
  .object({
    apiVersion: z.literal("dapr.io/v1alpha1"),
    kind: z.literal("Configuration"),
    metadata: Metadata,
    spec: z
      .object({
        tracing: z
          .object({
            samplingRate: z.string().regex(/^(0(\.[0-9]+)?|1(\.0+)?)$/, "must be a number from 0 to 1, as a string"),
            stdout: z.boolean().optional(),
            zipkin: z.object({ endpointAddress: z.string().url() }).strict().optional(),
            otel: z
              .object({ endpointAddress: z.string(), isSecure: z.boolean().optional(), protocol: z.enum(["http", "grpc"]).optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        metric: z.object({ enabled: z.boolean() }).strict().optional(),
        metrics: z.object({ enabled: z.boolean() }).strict().optional(),
        logging: z
          .object({
            apiLogging: z
              .object({ enabled: z.boolean().optional(), obfuscateURLs: z.boolean().optional(), omitHealthChecks: z.boolean().optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        mtls: z
          .object({
            enabled: z.boolean(),
            workloadCertTTL: GoDuration.optional(),
            allowedClockSkew: GoDuration.optional(),
            sentryAddress: z.string().optional(),
            controlPlaneTrustDomain: z.string().optional(),
          })
          .strict()
          .optional(),
        accessControl: z
          .object({
            defaultAction: z.enum(["allow", "deny"]),
            trustDomain: z.string().min(1).optional(),
            policies: z.array(AccessPolicy).optional(),
          })
          .strict()
          .optional(),
        features: z.array(z.object({ name: z.string().min(1), enabled: z.boolean() }).strict()).optional(),
        appHttpPipeline: z
          .object({ handlers: z.array(z.object({ name: z.string(), type: z.string() }).strict()) })
          .strict()
          .optional(),
        httpPipeline: z
          .object({ handlers: z.array(z.object({ name: z.string(), type: z.string() }).strict()) })
          .strict()
          .optional(),
        api: z.unknown().optional(),
        secrets: z.unknown().optional(),
        nameResolution: z
          .object({
            component: z.string().min(1),
            version: z
              .string()
              .regex(/^v[0-9]+$/)
              .optional(),
            configuration: z.record(z.string(), z.unknown()).optional(),
          })
          .strict()
          .optional(),
        components: z
          .object({ deny: z.array(z.string()) })
          .strict()
          .optional(),
        workflow: z.unknown().optional(),
      })
      .strict(),
  })
  .strict();
export type Configuration = z.infer<typeof Configuration>;

export const ResourceSchemas = { Component, Resiliency, Subscription, Configuration } as const;
export type ResourceKind = keyof typeof ResourceSchemas;
