import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Secrets } from "@auction-mesh/contracts";

/**
 * The local secret stores' files (secretstores.local.file in components/*): generated per
 * mesh state folder on first start, kept out of git (.mesh/), readable by the owner only. The
 * YAML points here by paths relative to the state folder, where sidecars run. The token
 * signing key has a file (and a store, scoped to identity) of its own; everything else every
 * app may read (the public key, connection strings) is in SECRETS_FILE.
 */
export const SECRETS_FILE = "secrets/secrets.json";
export const SIGNING_KEYS_FILE = "secrets/signing-keys.json";

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

function connectionSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(CONNECTION_SECRETS).map(([key, local]) => [key, env[envName(key)] ?? local]));
}

type SecretsJson = Record<string, string>;

function readSecretsFile(file: string): SecretsJson | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SecretsJson) : undefined;
}

const temporaryBeside = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
const serialise = (secrets: SecretsJson) => `${JSON.stringify(secrets, null, 2)}\n`;

/** The file's secrets; if it is missing, `make()`'s, written aside and linked into place, so two runners starting together agree. */
function createOnce(file: string, make: () => SecretsJson): SecretsJson {
  const existing = readSecretsFile(file);
  if (existing) return existing;
  const temporary = temporaryBeside(file);
  try {
    writeFileSync(temporary, serialise(make()), { mode: 0o600 });
    linkSync(temporary, file);
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readSecretsFile(file) as SecretsJson;
}

function replace(file: string, secrets: SecretsJson): void {
  const temporary = temporaryBeside(file);
  writeFileSync(temporary, serialise(secrets), { mode: 0o600 });
  renameSync(temporary, file);
}

const newSigningKey = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

/**
 * Creates the secrets files where missing. Existing keys are kept (tokens stay valid across
 * restarts): a secrets file from before the signing key had its own gives its key up to the
 * signing file; the shared file only gains the connection strings it lacks, and always carries
 * the public half of the signing key (derived from it, so the two cannot disagree).
 */
export function ensureSecrets(stateDir: string, env: NodeJS.ProcessEnv = process.env): { file: string; created: boolean } {
  const file = resolve(stateDir, SECRETS_FILE);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const current = readSecretsFile(file);
  const signing = createOnce(resolve(stateDir, SIGNING_KEYS_FILE), () => ({
    [Secrets.jwtSigningKey]: current?.[Secrets.jwtSigningKey] ?? newSigningKey(),
  }));
  const signingKey = signing[Secrets.jwtSigningKey];
  if (!signingKey) throw new Error(`${resolve(stateDir, SIGNING_KEYS_FILE)} has no '${Secrets.jwtSigningKey}'`);
  const { [Secrets.jwtSigningKey]: _movedOut, ...shared } = current ?? {};
  const wanted: SecretsJson = {
    ...connectionSecrets(env),
    ...shared,
    [Secrets.jwtPublicKey]: createPublicKey(signingKey).export({ type: "spki", format: "pem" }).toString(),
  };
  if (serialise(wanted) !== (current && serialise(current))) replace(file, wanted);
  return { file, created: current === undefined };
}
