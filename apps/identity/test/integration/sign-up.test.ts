/**
 * Sign-up against identity's real PostgreSQL database (no sidecar: the routes are plain
 * Express). What matters here is the resend: daprd resends a sign-up whose answer is late,
 * and the first attempt may still finish, so the same request can arrive twice, even at once.
 */
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { type AuthSession, IdentityRoutes, MeshHeaders } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { createLogger, errorHandler, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { identityRoutes } from "../../src/routes.js";
import { TokenSigner } from "../../src/tokens.js";
import { UserStore } from "../../src/users.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `identity_it_${process.pid}`);
const keys = generateKeyPairSync("ed25519");
const pem = (k: typeof keys.privateKey, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }).toString();
let db: PrismaClient;
let app: express.Express;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const signer = await TokenSigner.fromPem(pem(keys.privateKey, "pkcs8"), 3600);
  app = express();
  app.use(express.json());
  app.use(
    identityRoutes({
      users: new UserStore(db),
      signer: async () => signer,
      verifier: new TokenVerifier(async () => pem(keys.publicKey, "spki")),
      adminEmails: new Set(),
    }),
  );
  app.use(errorHandler(createLogger("identity-test", "silent")));
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

let n = 0;
const person = () => ({ email: `person${++n}.${Date.now()}@example.com`, password: "walnut harbour signal 58", displayName: "Pat" });
const signUp = (body: object, key?: string) => {
  const req = request(app).post(`/${IdentityRoutes.signUp}`).send(body);
  return key === undefined ? req : req.set(MeshHeaders.idempotencyKey, key);
};

describe("sign-up resent with the same Idempotency-Key", () => {
  it("answers the resend with the account the first attempt made", async () => {
    const body = person();
    const first = await signUp(body, "key-aaaa-0001");
    const resent = await signUp(body, "key-aaaa-0001");
    expect(first.status).toBe(201);
    expect(resent.status).toBe(201);
    expect((resent.body as AuthSession).user).toEqual((first.body as AuthSession).user);
    expect(await db.user.count({ where: { email: body.email } })).toBe(1);
  });

  it("makes one account when both attempts arrive at once", async () => {
    const body = person();
    const answers = await Promise.all([signUp(body, "key-bbbb-0002"), signUp(body, "key-bbbb-0002"), signUp(body, "key-bbbb-0002")]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => (a.body as AuthSession).user.id)).size).toBe(1);
  });

  it("still refuses a taken e-mail when the key, or the password, is not the first attempt's", async () => {
    const body = person();
    expect((await signUp(body, "key-cccc-0003")).status).toBe(201);
    for (const [again, key] of [
      [body, "key-cccc-0004"],
      [body, undefined],
      [{ ...body, password: "another strong passphrase 91" }, "key-cccc-0003"],
    ] as const) {
      expect(await signUp(again, key)).toMatchObject({ status: 409, body: { code: "EMAIL_TAKEN" } });
    }
  });

  it("refuses a malformed key without making an account", async () => {
    const body = person();
    expect(await signUp(body, "short")).toMatchObject({ status: 400, body: { code: "INVALID_IDEMPOTENCY_KEY" } });
    expect(await db.user.count({ where: { email: body.email } })).toBe(0);
  });
});
