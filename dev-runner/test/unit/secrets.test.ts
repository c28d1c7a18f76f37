import { createPublicKey } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secrets } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { ensureSecrets, SECRETS_FILE, SIGNING_KEYS_FILE } from "../../src/secrets.js";

const stateDir = () => mkdtempSync(join(tmpdir(), "mesh-secrets-"));
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, string>;
const publicHalf = (privatePem: string) => createPublicKey(privatePem).export({ type: "spki", format: "pem" }).toString();

describe("ensureSecrets", () => {
  it("keeps the signing key in a file of its own, and only its public half in the shared store", () => {
    const dir = stateDir();
    expect(ensureSecrets(dir, {}).created).toBe(true);
    const signing = read(dir, SIGNING_KEYS_FILE);
    const shared = read(dir, SECRETS_FILE);
    expect(Object.keys(signing)).toEqual([Secrets.jwtSigningKey]);
    expect(shared).not.toHaveProperty(Secrets.jwtSigningKey);
    expect(shared[Secrets.jwtPublicKey]).toBe(publicHalf(signing[Secrets.jwtSigningKey] as string));
    expect(shared["rabbitmq-connection-string"]).toBe("amqp://guest:guest@127.0.0.1:5672");
    for (const file of [SIGNING_KEYS_FILE, SECRETS_FILE]) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it("keeps the keys across starts (tokens stay valid) and lets an operator's connection strings stand", () => {
    const dir = stateDir();
    ensureSecrets(dir, { MESH_SECRET_MQTT_URL: "tcp://broker.internal:1883" });
    const before = { signing: read(dir, SIGNING_KEYS_FILE), shared: read(dir, SECRETS_FILE) };
    expect(ensureSecrets(dir, {}).created).toBe(false);
    expect({ signing: read(dir, SIGNING_KEYS_FILE), shared: read(dir, SECRETS_FILE) }).toEqual(before);
    expect(before.shared["mqtt-url"]).toBe("tcp://broker.internal:1883");
  });

  it("moves the signing key out of a secrets file written before the split, keeping the same key", () => {
    const dir = stateDir();
    ensureSecrets(dir, {});
    const key = read(dir, SIGNING_KEYS_FILE)[Secrets.jwtSigningKey] as string;
    const old = { [Secrets.jwtSigningKey]: key, [Secrets.jwtPublicKey]: publicHalf(key), "mqtt-url": "tcp://kept:1883" };
    const legacy = stateDir();
    mkdirSync(join(legacy, "secrets"));
    writeFileSync(join(legacy, SECRETS_FILE), JSON.stringify(old));
    ensureSecrets(legacy, {});
    expect(read(legacy, SIGNING_KEYS_FILE)).toEqual({ [Secrets.jwtSigningKey]: key });
    expect(read(legacy, SECRETS_FILE)).toMatchObject({ [Secrets.jwtPublicKey]: publicHalf(key), "mqtt-url": "tcp://kept:1883" });
    expect(read(legacy, SECRETS_FILE)).not.toHaveProperty(Secrets.jwtSigningKey);
  });
});
