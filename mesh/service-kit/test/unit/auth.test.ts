import { generateKeyPairSync } from "node:crypto";
import { TokenAudience, TokenIssuer } from "@auction-mesh/contracts";
import express from "express";
import { importPKCS8, SignJWT } from "jose";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { appTokenMiddleware, createLogger, currentUser, errorHandler, optionalUser, requireUser, TokenVerifier } from "../../src/index.js";

const keys = generateKeyPairSync("ed25519");
const publicPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
const privatePem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const otherPrivatePem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

async function token(claims: Record<string, unknown>, options: { key?: string; issuer?: string; expiresIn?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "EdDSA" })
    .setSubject("user-1")
    .setIssuer(options.issuer ?? TokenIssuer)
    .setAudience(TokenAudience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(await importPKCS8(options.key ?? privatePem, "EdDSA"));
}

function app(loadKey: () => Promise<string> = async () => publicPem) {
  const verifier = new TokenVerifier(loadKey);
  const a = express();
  a.get("/sellers-only", requireUser(verifier, ["seller"]), (_req, res) => {
    res.json(currentUser(res));
  });
  a.get("/anyone", optionalUser(verifier), (_req, res) => {
    res.json({ user: res.locals.user ?? null });
  });
  a.use(errorHandler(createLogger("test", "silent")));
  return a;
}

describe("requireUser", () => {
  it("lets a valid token with the role through and exposes its claims", async () => {
    const t = await token({ name: "Sam", roles: ["seller"] });
    const res = await request(app()).get("/sellers-only").set("authorization", `Bearer ${t}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sub: "user-1", roles: ["seller"] });
  });

  it.each([
    ["no token", async () => undefined, 401, "UNAUTHENTICATED"],
    ["a token signed by another key", () => token({ name: "x", roles: ["seller"] }, { key: otherPrivatePem }), 401, "TOKEN_INVALID"],
    ["an expired token", () => token({ name: "x", roles: ["seller"] }, { expiresIn: "-1m" }), 401, "TOKEN_INVALID"],
    ["a token of another issuer", () => token({ name: "x", roles: ["seller"] }, { issuer: "someone-else" }), 401, "TOKEN_INVALID"],
    ["a token without roles", () => token({ name: "x" }), 401, "TOKEN_INVALID"],
    ["the wrong role", () => token({ name: "x", roles: ["bidder"] }), 403, "FORBIDDEN"],
  ])("refuses %s", async (_, make, status, code) => {
    const t = await make();
    const req = request(app()).get("/sellers-only");
    const res = await (t ? req.set("authorization", `Bearer ${t}`) : req);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it("answers 503 while the key cannot be read, and recovers once it can", async () => {
    let available = false;
    const a = app(async () => {
      if (!available) throw new Error("secret store not ready");
      return publicPem;
    });
    const t = await token({ name: "Sam", roles: ["seller"] });
    expect((await request(a).get("/sellers-only").set("authorization", `Bearer ${t}`)).body.code).toBe("AUTH_UNAVAILABLE");
    available = true;
    expect((await request(a).get("/sellers-only").set("authorization", `Bearer ${t}`)).status).toBe(200);
  });
});

describe("optionalUser", () => {
  it("passes without a token, refuses a bad one", async () => {
    expect((await request(app()).get("/anyone")).body).toEqual({ user: null });
    expect((await request(app()).get("/anyone").set("authorization", "Bearer nonsense")).body.code).toBe("TOKEN_INVALID");
  });
});

describe("appTokenMiddleware", () => {
  const a = express();
  a.use(appTokenMiddleware("t".repeat(32), ["/"]));
  a.use((_req, res) => {
    res.json({ ok: true });
  });
  a.use(errorHandler(createLogger("test", "silent")));

  it.each(["/", "/auctions/42", "/api/auctions"])("leaves %s open under the open prefix '/'", async (path) => {
    expect((await request(a).get(path)).status).toBe(200);
  });

  it.each(["/events/auction", "/actors/AuctionActor/1/method/x", "/dapr/config", "/job/start-1"])(
    "still guards the sidecar-only route %s",
    async (path) => {
      const res = await request(a).post(path);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("APP_TOKEN_MISSING");
    },
  );
});

describe("TokenVerifier remembers tokens it checked", () => {
  it("answers a known token without checking it again, until the token expires", async () => {
    let now = Date.now();
    let keyReads = 0;
    const verifier = new TokenVerifier(
      async () => {
        keyReads++;
        return publicPem;
      },
      () => now,
    );
    const t = await token({ sub: "u1", name: "U", roles: ["bidder"] }, { expiresIn: "60s" });
    expect((await verifier.verify(t)).sub).toBe("user-1");
    expect((await verifier.verify(t)).sub).toBe("user-1");
    expect(keyReads).toBe(1);
    now += 61_000;
    await expect(verifier.verify(t)).rejects.toMatchObject({ status: 401, code: "TOKEN_INVALID" });
  });
});
