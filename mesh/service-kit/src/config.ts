import { z } from "zod";

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const Port = z.coerce.number().int().min(1).max(65535);

/** Variables every mesh service reads. Dapr's CLI and our dev runner set the DAPR_* ones. */
export const MeshEnv = z.object({
  APP_ID: z.string().min(1),
  APP_PORT: Port,
  /** Host the app binds to. Loopback by default: only its sidecar should reach it. */
  APP_HOST: z.string().min(1).default("127.0.0.1"),
  DAPR_HOST: z.string().min(1).default("127.0.0.1"),
  DAPR_HTTP_PORT: Port.default(3500),
  /** Token the sidecar sends in `dapr-api-token` on every call to the app. */
  APP_API_TOKEN: z.string().min(16).optional(),
  /** Token the app must send to its sidecar's API. */
  DAPR_API_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long shutdown waits for in-flight work before exiting anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * How long a call to an actor may take, end to end. In code rather than in dapr/resiliency
   * because daprd 1.18.2 breaks HTTP-hosted actors' answers when an actor target has a timeout
   * there (dapr/dapr#10140; `check` explains).
   */
  ACTOR_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Where spans go (OTLP over HTTP, e.g. the dev runner's Jaeger); unset: spans carry context but are not exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** When set, the service writes a V8 CPU profile of its whole run into this folder as it stops. */
  CPU_PROFILE_DIR: z.string().min(1).optional(),
});
export type MeshEnv = z.infer<typeof MeshEnv>;

/**
 * Validates `env` against the mesh variables plus the service's own. Every problem is
 * reported at once and names its variable, e.g. `APP_PORT: expected a number, got "abc"`.
 */
export function loadConfig<S extends z.ZodRawShape>(
  extra: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<ReturnType<typeof MeshEnv.extend<S>>> {
  const schema = MeshEnv.extend(extra);
  const result = schema.safeParse(env);
  if (result.success) return result.data as z.infer<ReturnType<typeof MeshEnv.extend<S>>>;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const raw = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    const got = raw === undefined ? "it is not set" : `got ${JSON.stringify(raw)}`;
    return `${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}
