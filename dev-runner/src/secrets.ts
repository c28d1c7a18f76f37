import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Secrets } from "@auction-mesh/contracts";

/**
 * The local secret store's file (secretstores.local.file in components/*): generated per
 * mesh state folder on first start, kept out of git (.mesh/), readable by the owner only. The
 * YAML points here by a path relative to the state folder, where sidecars run.
 */
export const SECRETS_FILE = "secrets/secrets.json";

/**
 * Connections to this machine's servers for the non-default profiles (components reference
 * them with secretKeyRef, never plaintext). These are the local defaults (RabbitMQ's guest
 * account only works from localhost; PostgreSQL here trusts local connections); set
 * MESH_SECRET_<NAME> (e.g. MESH_SECRET_RABBITMQ_CONNECTION_STRING) before a mesh's first
 * start, or edit its secrets file, to use others.
 */
export const CONNECTION_SECRETS: Record<string, string> = {
  "rabbitmq-connection-string": "amqp://guest:guest@127.0.0.1:5672",
  "mqtt-url": "tcp://127.0.0.1:1883",
  "postgres-state-connection-string": "host=127.0.0.1 port=5432 user=postgres database=postgres",
};

const envName = (key: string) => `MESH_SECRET_${key.toUpperCase().replace(/-/g, "_")}`;

function freshSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    [Secrets.jwtSigningKey]: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    [Secrets.jwtPublicKey]: publicKey.export({ type: "spki", format: "pem" }).toString(),
    ...connectionSecrets(env),
  };
}

function connectionSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(CONNECTION_SECRETS).map(([key, local]) => [key, env[envName(key)] ?? local]));
}

/**
 * Creates the secrets file if it is missing; an existing one is kept (tokens stay valid across
 * restarts) and only gains the keys it lacks (a file from before a profile was added).
 */
export function ensureSecrets(stateDir: string, env: NodeJS.ProcessEnv = process.env): { file: string; created: boolean } {
  const file = resolve(stateDir, SECRETS_FILE);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    if (existsSync(file)) {
      const current = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
      const missing = Object.entries(connectionSecrets(env)).filter(([key]) => !(key in current));
      if (missing.length > 0) {
        writeFileSync(temporary, `${JSON.stringify({ ...current, ...Object.fromEntries(missing) }, null, 2)}\n`, { mode: 0o600 });
        renameSync(temporary, file);
      }
      return { file, created: false };
    }
    // Written aside, then linked into place: two runners starting together never see half a file.
    writeFileSync(temporary, `${JSON.stringify(freshSecrets(env), null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(temporary, file);
      return { file, created: true };
    } catch (err) {
      if ((err as { code?: string }).code === "EEXIST") return { file, created: false };
      throw err;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}
