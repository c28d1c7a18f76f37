/**
 * identity under a sign-up burst, on the real PostgreSQL (no mesh): hashes that would finish
 * after the bound are shed at once with 503 OVERLOADED and Retry-After; the rest succeed.
 */
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { IdentityRoutes } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { createLogger, errorHandler, TokenVerifier } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queued } from "../../src/costly-work.js";
import { HashQueue } from "../../src/domain/hash-queue.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { identityRoutes } from "../../src/routes.js";
import { TokenSigner } from "../../src/tokens.js";
import { UserStore } from "../../src/users.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `identity_shed_${process.pid}`);
const keys = generateKeyPairSync("ed25519");
const pem = (k: typeof keys.privateKey, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }).toString();
const PASSWORD = "walnut harbour signal 58";
let db: PrismaClient;
let app: express.Express;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const signer = await TokenSigner.fromPem(pem(keys.privateKey, "pkcs8"), 3600);
  // One hash at a time, and a caller who waits 400 ms at most: a burst of 30 cannot all fit.
  const queue = new HashQueue({ maxWaitMs: 400, concurrency: 1, initialEstimateMs: 50 });
  app = express();
  app.use(express.json());
  app.use(
    identityRoutes({
      users: new UserStore(db),
      signer: async () => signer,
      verifier: new TokenVerifier(async () => pem(keys.publicKey, "spki")),
      adminEmails: new Set(),
      costly: queued(queue),
    }),
  );
  app.use(errorHandler(createLogger("identity-test", "silent")));
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const burst = (route: string, count: number, body: (i: number) => object) =>
  Promise.all(Array.from({ length: count }, (_, i) => request(app).post(`/${route}`).send(body(i))));

function expectShedOrServed(answers: request.Response[], served: number) {
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.every((s) => s === served || s === 503),
    `statuses: ${statuses.join(",")}`,
  ).toBe(true);
  const shed = answers.filter((a) => a.status === 503);
  expect(shed.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === served).length).toBeGreaterThan(0);
  for (const a of shed) {
    expect(a.body).toMatchObject({ code: "OVERLOADED", message: expect.any(String) });
    expect(Number(a.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(a.body.details.retryAfterSeconds).toBe(Number(a.headers["retry-after"]));
  }
  return shed.length;
}

describe("a burst of password hashing", () => {
  it("sheds the sign-ups that would wait too long with 503 OVERLOADED + Retry-After, and makes the others", async () => {
    const run = Date.now();
    const email = (i: number) => `burst${i}.${run}@example.com`;
    const answers = await burst(IdentityRoutes.signUp, 30, (i) => ({ email: email(i), password: PASSWORD, displayName: `P${i}` }));
    const shed = expectShedOrServed(answers, 201);
    // A shed sign-up made no account: the person can come back and sign up with the same e-mail.
    expect(await db.user.count({ where: { email: { endsWith: `.${run}@example.com` } } })).toBe(30 - shed);
    const again = answers.findIndex((a) => a.status === 503);
    await new Promise((r) => setTimeout(r, 1000));
    const retry = await request(app)
      .post(`/${IdentityRoutes.signUp}`)
      .send({ email: email(again), password: PASSWORD, displayName: "P" });
    expect(retry.status).toBe(201);
  });

  it("sheds logins the same way (each one verifies a hash)", async () => {
    const email = `login.${Date.now()}@example.com`;
    expect((await request(app).post(`/${IdentityRoutes.signUp}`).send({ email, password: PASSWORD, displayName: "L" })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    expectShedOrServed(await burst(IdentityRoutes.login, 30, () => ({ email, password: PASSWORD })), 200);
  });
});
