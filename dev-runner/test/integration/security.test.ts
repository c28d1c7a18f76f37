import { generateKeyPairSync } from "node:crypto";
import http2 from "node:http2";
import { connect } from "node:net";
import { ActorTypes, AppIds, AuctionsRoutes, BiddingRoutes, Components, IdentityRoutes, Secrets } from "@auction-mesh/contracts";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { planMesh, replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshTokens, REPO, type Running, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

/** Every fixed port of this mesh must stay below 32768 (see README: ephemeral ports). */
const SHIFT = 12000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
let daprToken: string;
let ports: (app: string) => ReturnType<typeof replicaPorts>;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT)));
  daprToken = meshTokens(mesh.stateDir).dapr;
  const manifest = loadManifest(REPO, { file: mesh.manifestFile });
  ports = (app) => replicaPorts(manifest.services[app]?.portBase as number, 0);
});

afterAll(async () => {
  await stopRunner(runner);
});

/** A bidder token for `sub` that looks right but is signed with a key the mesh does not know. */
async function forgeToken(sub: string): Promise<string> {
  const pem = String(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));
  return new SignJWT({ name: "victim", roles: ["bidder"] })
    .setProtectedHeader({ alg: "EdDSA" })
    .setSubject(sub)
    .setIssuer("auction-mesh/identity")
    .setAudience("auction-mesh")
    .setExpirationTime("1h")
    .sign(await importPKCS8(pem, "EdDSA"));
}

/** Service invocation through `from`'s sidecar, as that app would call it. */
function invoke(from: string, target: string, route: string, method = "POST", body: unknown = {}) {
  return json<{ errorCode?: string; message?: string; code?: string }>(
    `http://127.0.0.1:${ports(from).daprHttp}/v1.0/invoke/${target}/method/${route}`,
    { method, headers: { "dapr-api-token": daprToken }, ...(method === "GET" ? {} : { body: JSON.stringify(body) }) },
  );
}

/** Writes the HTTP/2 client preface and a SETTINGS frame in plaintext; what comes back, and when the server hangs up. */
function plaintextHttp2(port: number): Promise<{ bytes: Buffer; closedAfterMs: number | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const started = Date.now();
    let closedAfterMs: number | undefined;
    socket.on("connect", () =>
      socket.write(Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])])),
    );
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closedAfterMs = Date.now() - started;
      resolve({ bytes: Buffer.concat(chunks), closedAfterMs });
    });
    setTimeout(() => {
      resolve({ bytes: Buffer.concat(chunks), closedAfterMs });
      socket.destroy();
    }, 3_000);
  });
}

/** A gRPC call with node's HTTP/2 client: the response headers, or how the connection failed. */
function grpcCall(
  url: string,
  options: http2.SecureClientSessionOptions = {},
): Promise<{ headers?: http2.IncomingHttpHeaders; error?: string }> {
  return new Promise((resolve) => {
    const session = http2.connect(url, options);
    const done = (result: { headers?: http2.IncomingHttpHeaders; error?: string }) => {
      session.destroy();
      resolve(result);
    };
    session.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    session.on("close", () => done({ error: "closed without an answer" }));
    const req = session.request({
      ":method": "POST",
      ":path": "/dapr.proto.internals.v1.ServiceInvocation/CallLocal",
      "content-type": "application/grpc",
      te: "trailers",
    });
    req.on("response", (headers) => done({ headers }));
    req.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(Buffer.alloc(5));
    setTimeout(() => done({ error: "no answer within 5s" }), 5_000);
  });
}

describe("ports", () => {
  it("keeps every fixed port of the shifted mesh below 32768", () => {
    const plan = planMesh(REPO, loadManifest(REPO, { file: mesh.manifestFile }), {}, { app: "a", dapr: "d", meilisearch: "m" });
    const highest = Math.max(...plan.ports.map((p) => p.port));
    expect(highest).toBeLessThan(32768);
    expect(plan.ports.map((p) => p.owner)).toEqual(expect.arrayContaining(["sentry grpc", "sentry health", "sentry metrics"]));
  });
});

describe("mTLS between sidecars", () => {
  it("carries mesh traffic: sign-up (gateway -> identity), listing and start (gateway -> auctions -> bidding), a bid (actor)", async () => {
    const id = await gateway.openAuction();
    const placed = await gateway.bid(id, "mtls-bidder", 1000);
    expect(placed).toMatchObject({ status: 201, body: { accepted: true, sequence: 1 } });
  });

  it("refuses a plaintext client on a sidecar's internal gRPC port, which the app-facing gRPC port answers", async () => {
    const bidding = ports(AppIds.bidding);
    // Internal port (mTLS): the server hangs up at once without a single byte (not TLS, not HTTP/2).
    const internal = await plaintextHttp2(bidding.daprInternalGrpc);
    expect(internal.bytes.length).toBe(0);
    expect(internal.closedAfterMs).toBeLessThan(3_000);
    expect((await grpcCall(`http://127.0.0.1:${bidding.daprInternalGrpc}`)).headers).toBeUndefined();
    // The same probes against the sidecar's app-facing gRPC API (plaintext on loopback, token
    // protected): an HTTP/2 SETTINGS frame (type 4) and a gRPC answer (Unauthenticated).
    const api = await plaintextHttp2(bidding.daprGrpc);
    expect(api.bytes[3]).toBe(4);
    expect((await grpcCall(`http://127.0.0.1:${bidding.daprGrpc}`)).headers).toMatchObject({ ":status": 200, "grpc-status": "16" });
  });

  it("refuses a TLS client without a certificate from the mesh's CA on the internal gRPC port", async () => {
    const result = await grpcCall(`https://127.0.0.1:${ports(AppIds.bidding).daprInternalGrpc}`, { rejectUnauthorized: false });
    expect(result.headers).toBeUndefined();
    expect(result.error).toBe("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED");
  });
});

describe("access control (dapr/config.yaml)", () => {
  it("lets each caller invoke the operations it needs", async () => {
    // gateway -> bidding auctions/snapshot reaches bidding's route (which refuses the empty body).
    expect(await invoke(AppIds.gateway, AppIds.bidding, BiddingRoutes.snapshot)).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED" },
    });
    // auctions -> bidding auctions/open, likewise.
    expect(await invoke(AppIds.auctions, AppIds.bidding, BiddingRoutes.openAuction)).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED" },
    });
    // gateway -> identity users/me reaches identity (which wants a signed-in user).
    expect(await invoke(AppIds.gateway, AppIds.identity, IdentityRoutes.me)).toMatchObject({
      status: 401,
      body: { code: "UNAUTHENTICATED" },
    });
  });

  it("refuses every other caller, operation and verb at the callee's sidecar with 403 ERR_DIRECT_INVOKE / PermissionDenied", async () => {
    const denied = (caller: string, route: string, verb: string) => ({
      status: 403,
      body: {
        errorCode: "ERR_DIRECT_INVOKE",
        message: expect.stringContaining(
          `code = PermissionDenied desc = access control policy has denied access to id: spiffe://public/ns/default/${caller} operation: ${route} verb: ${verb}`,
        ),
      },
    });
    // identity may invoke nothing.
    expect(await invoke(AppIds.identity, AppIds.bidding, BiddingRoutes.openAuction)).toMatchObject(
      denied(AppIds.identity, BiddingRoutes.openAuction, "POST"),
    );
    expect(await invoke(AppIds.identity, AppIds.auctions, AuctionsRoutes.list)).toMatchObject(
      denied(AppIds.identity, AuctionsRoutes.list, "POST"),
    );
    // The gateway may not open auctions (only the catalogue does), nor read with another verb.
    expect(await invoke(AppIds.gateway, AppIds.bidding, BiddingRoutes.openAuction)).toMatchObject(
      denied(AppIds.gateway, BiddingRoutes.openAuction, "POST"),
    );
    expect(await invoke(AppIds.gateway, AppIds.bidding, BiddingRoutes.snapshot, "GET")).toMatchObject(
      denied(AppIds.gateway, BiddingRoutes.snapshot, "GET"),
    );
    // The catalogue may not call identity.
    expect(await invoke(AppIds.auctions, AppIds.identity, IdentityRoutes.me)).toMatchObject(
      denied(AppIds.auctions, IdentityRoutes.me, "POST"),
    );
  });

  it("does not govern a sidecar calling its own app (daprd invokes it locally, pkg/messaging/direct_messaging.go)", async () => {
    expect(await invoke(AppIds.identity, AppIds.identity, IdentityRoutes.me)).toMatchObject({
      status: 401,
      body: { code: "UNAUTHENTICATED" },
    });
  });

  it("does not govern actor calls: identity (allowed no operation) still reaches AuctionActor", async () => {
    const actorId = `acl-actor-${Date.now().toString(36)}`;
    const res = await placeBidsThrough(AppIds.identity, actorId, [{ auctionId: actorId, amount: 100, idempotencyKey: "acl-probe-key-1" }]);
    expect(res).toMatchObject({ status: 200, body: [{ accepted: false, code: "AUCTION_NOT_FOUND" }] });
  });
});

/** AuctionActor.placeBids called straight through `from`'s sidecar, as a compromised app could. */
function placeBidsThrough(from: string, auctionId: string, bids: unknown[]) {
  return json<Record<string, unknown>[]>(
    `http://127.0.0.1:${ports(from).daprHttp}/v1.0/actors/${ActorTypes.auction}/${auctionId}/method/placeBids`,
    { method: "POST", headers: { "dapr-api-token": daprToken }, body: JSON.stringify([bids]) },
  );
}

describe("the actor checks who bids (actor calls are outside access control)", () => {
  it("refuses a forged bid sent through another app's sidecar, and still takes bids through the gateway", async () => {
    const id = await gateway.openAuction();
    const victim = await gateway.userId("victim");
    // Naming a bidder (what any app could do before), or a token signed with a key of one's own.
    const named = await placeBidsThrough(AppIds.identity, id, [
      { auctionId: id, bidderId: victim, amount: 1000, idempotencyKey: "forged-key-1" },
    ]);
    expect(named).toMatchObject({ status: 200, body: [{ accepted: false, code: "INVALID_BID" }] });
    const forgedToken = await forgeToken(victim);
    const forged = await placeBidsThrough(AppIds.auctions, id, [
      { auctionId: id, amount: 1000, idempotencyKey: "forged-key-2", bidderToken: forgedToken },
    ]);
    expect(forged).toMatchObject({ status: 200, body: [{ accepted: false, code: "BIDDER_NOT_VERIFIED" }] });
    expect((await gateway.snapshot(id)).body).toMatchObject({ sequence: 0, leaderId: null });

    const real = await gateway.bid(id, "victim", 1000);
    expect(real).toMatchObject({ status: 201, body: { accepted: true, leading: true } });
  });
});

describe("no poison bid: amounts are bounded, and the auction goes on", () => {
  it("refuses 2^53 − 1 at the gateway (400) and at the actor (INVALID_BID); later bids and the close still work", async () => {
    const id = await gateway.openAuction(8);
    const poison = Number.MAX_SAFE_INTEGER;
    const atGateway = await gateway.post(
      `/api/auctions/${id}/bids`,
      { amount: poison, idempotencyKey: "poison-key-1" },
      await gateway.token("rich"),
    );
    expect(atGateway).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    const token = await gateway.token("rich");
    const atActor = await placeBidsThrough(AppIds.gateway, id, [
      { auctionId: id, amount: poison, idempotencyKey: "poison-key-2", bidderToken: token },
    ]);
    expect(atActor).toMatchObject({ status: 200, body: [{ accepted: false, code: "INVALID_BID" }] });

    expect(await gateway.bid(id, "rich", 1000)).toMatchObject({ status: 201, body: { accepted: true } });
    expect(await gateway.bid(id, "modest", 1100)).toMatchObject({ status: 201, body: { accepted: true } });
    const closed = await until(
      `auction ${id} to close`,
      async () => (await gateway.events(id)).find((e) => e.type === "auction-closed"),
      30_000,
      250,
    );
    expect(closed).toMatchObject({ winnerId: await gateway.userId("modest"), finalPrice: 1100 });
  });
});

describe("the token signing key (components/*/signing-keys.yaml)", () => {
  const secret = (app: string, store: string, key: string) =>
    json<{ errorCode?: string; message?: string } & Record<string, string>>(
      `http://127.0.0.1:${ports(app).daprHttp}/v1.0/secrets/${store}/${key}`,
      { headers: { "dapr-api-token": daprToken } },
    );

  it("is readable by identity's sidecar alone; every app reads the public key", async () => {
    const own = await secret(AppIds.identity, Components.signingKeyStore, Secrets.jwtSigningKey);
    expect(own.status).toBe(200);
    expect(own.body[Secrets.jwtSigningKey]).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    for (const app of [AppIds.gateway, AppIds.bidding, AppIds.auctions]) {
      // The store is not loaded outside its scope, and the shared store does not hold the key.
      const scoped = await secret(app, Components.signingKeyStore, Secrets.jwtSigningKey);
      expect({ app, status: scoped.status, code: scoped.body.errorCode }).toEqual({ app, status: 401, code: "ERR_SECRET_STORE_NOT_FOUND" });
      const shared = await secret(app, Components.secretStore, Secrets.jwtSigningKey);
      expect({ app, status: shared.status, body: shared.body[Secrets.jwtSigningKey] }).toMatchObject({ app, body: undefined });
      expect((await secret(app, Components.secretStore, Secrets.jwtPublicKey)).body[Secrets.jwtPublicKey]).toMatch(
        /^-----BEGIN PUBLIC KEY-----/,
      );
    }
  });
});
