/**
 * GET /api/admin/auctions/:auctionId/audit: the admin guard, the query, the call to audit
 * through the sidecar (a real Sidecar over a fake Dapr client) and how audit's answers and
 * failures come back.
 */
import { createHash } from "node:crypto";
import type { AuditEntry, AuditTrail } from "@auction-mesh/contracts";
import { createLogger, errorHandler, HttpError, Sidecar, type TokenVerifier } from "@auction-mesh/service-kit";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { adminRoutes } from "../../src/admin-routes.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function entry(seq: number, previousHash: string): AuditEntry {
  return {
    seq,
    factId: `bid-placed:${seq}`,
    topic: "auction.events",
    type: "bid-placed",
    at: "2026-03-01T10:00:00.000Z",
    recordedAt: "2026-03-01T10:00:00.120Z",
    payload: { type: "bid-placed", auctionId: "lot-1", sequence: seq, amount: 1000 + seq * 100 },
    previousHash,
    hash: sha(`${seq}`),
  };
}

const first = entry(1, "0".repeat(64));
const trail: AuditTrail = {
  auctionId: "lot-1",
  length: 2,
  headHash: sha("2"),
  entries: [first, entry(2, first.hash)],
  nextAfterSeq: null,
  verification: { intact: true, checked: 2, brokenAtSeq: null, reason: null },
};

interface Invocation {
  appId: string;
  method: string;
  httpMethod: string;
  body: unknown;
  headers: Record<string, string>;
}

/** What the Dapr SDK throws for a non-2xx answer (HTTPClient.execute). */
const sdkFailure = (status: number, body: unknown) =>
  new Error(JSON.stringify({ error: "failed", error_msg: typeof body === "string" ? body : JSON.stringify(body), status }));

/** The admin routes over a Sidecar whose Dapr client answers with `answer` (a value, or an Error to throw). */
function gateway(answer: unknown = trail) {
  const invocations: Invocation[] = [];
  const client = {
    invoker: {
      invoke: async (appId: string, method: string, httpMethod: string, body: unknown, options: { headers: Record<string, string> }) => {
        invocations.push({ appId, method, httpMethod: httpMethod.toUpperCase(), body, headers: options.headers });
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
  const sidecar = new Sidecar(client as unknown as ConstructorParameters<typeof Sidecar>[0]);
  // The token names the role here; the real verifier checks a signed one.
  const verifier = {
    verify: async (token: string) => {
      if (token !== "admin" && token !== "bidder") throw new HttpError(401, "TOKEN_INVALID", "the token is not valid; sign in again");
      return { sub: `${token}-1`, name: token, roles: [token] };
    },
  } as unknown as TokenVerifier;
  const app = express()
    .use(express.json())
    .use(adminRoutes(sidecar, verifier))
    .use(errorHandler(createLogger("test", "silent")));
  const get = (path: string, token: string | null = "admin") => {
    const req = request(app).get(path);
    return token ? req.set("authorization", `Bearer ${token}`) : req;
  };
  return { get, invocations };
}

describe("GET /api/admin/auctions/:auctionId/audit", () => {
  it("asks audit for the trail on the admin's behalf, from the start, and answers it as audit did", async () => {
    const { get, invocations } = gateway();
    const res = await get("/api/admin/auctions/lot-1/audit");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(trail);
    expect(invocations).toEqual([
      {
        appId: "audit",
        method: "audit/trail",
        httpMethod: "POST",
        body: { auctionId: "lot-1", afterSeq: 0, limit: 200 },
        headers: { authorization: "Bearer admin" },
      },
    ]);
  });

  it("passes the page asked for on as numbers", async () => {
    const { get, invocations } = gateway({ ...trail, entries: [], nextAfterSeq: null });
    const res = await get("/api/admin/auctions/lot-1/audit?afterSeq=200&limit=500");
    expect(res.status).toBe(200);
    expect(invocations[0]?.body).toEqual({ auctionId: "lot-1", afterSeq: 200, limit: 500 });
  });

  it("answers an auction audit has no entries for as audit does: empty and intact", async () => {
    const empty: AuditTrail = {
      auctionId: "lot-2",
      length: 0,
      headHash: "0".repeat(64),
      entries: [],
      nextAfterSeq: null,
      verification: { intact: true, checked: 0, brokenAtSeq: null, reason: null },
    };
    const res = await gateway(empty).get("/api/admin/auctions/lot-2/audit");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(empty);
  });

  it("passes a broken chain on as it is: verifying it is audit's job, showing it the page's", async () => {
    const broken = { ...trail, verification: { intact: false, checked: 2, brokenAtSeq: 2, reason: "hash does not match" } };
    const res = await gateway(broken).get("/api/admin/auctions/lot-1/audit");
    expect(res.status).toBe(200);
    expect(res.body.verification).toEqual(broken.verification);
  });

  it("is for admins only: 401 without a token or with a bad one, 403 for anyone else; audit is not asked", async () => {
    const { get, invocations } = gateway();
    const none = await get("/api/admin/auctions/lot-1/audit", null);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe("UNAUTHENTICATED");
    const bad = await get("/api/admin/auctions/lot-1/audit", "forged");
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("TOKEN_INVALID");
    const bidder = await get("/api/admin/auctions/lot-1/audit", "bidder");
    expect(bidder.status).toBe(403);
    expect(bidder.body.code).toBe("FORBIDDEN");
    expect(invocations).toEqual([]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
    ["afterSeq=-1", "afterSeq"],
    ["afterSeq=", "afterSeq"],
    ["afterSeq=1&afterSeq=2", "afterSeq"],
    ["afterSeq=99999999999999999999", "afterSeq"],
    ["after=3", "after"],
  ])("refuses ?%s with 400 VALIDATION_FAILED naming %s, without asking audit", async (search, field) => {
    const { get, invocations } = gateway();
    const res = await get(`/api/admin/auctions/lot-1/audit?${search}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_FAILED");
    expect(res.body.message).toMatch(/^Invalid query: /);
    expect(res.body.message).toContain(field);
    expect(invocations).toEqual([]);
  });

  it("refuses an auction id the contract does not allow", async () => {
    const { get, invocations } = gateway();
    const res = await get(`/api/admin/auctions/${"x".repeat(65)}/audit`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/^Invalid auction id: /) });
    expect(invocations).toEqual([]);
  });

  it("passes audit's 503 AUDIT_STORE_UNAVAILABLE on, with when to come back", async () => {
    const down = sdkFailure(503, { code: "AUDIT_STORE_UNAVAILABLE", message: "The audit store could not be read; try again" });
    const res = await gateway(down).get("/api/admin/auctions/lot-1/audit");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: "AUDIT_STORE_UNAVAILABLE", message: "The audit store could not be read; try again" });
    expect(res.headers["retry-after"]).toBe("1");
  });

  it("passes audit's own 400 on with its code", async () => {
    const refused = sdkFailure(400, { code: "VALIDATION_FAILED", message: "Invalid body: auctionId" });
    const res = await gateway(refused).get("/api/admin/auctions/lot-1/audit");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "VALIDATION_FAILED", message: "Invalid body: auctionId" });
  });

  it("answers 502 when audit cannot be reached or answers outside its contract", async () => {
    const unreachable = await gateway(sdkFailure(500, { errorCode: "ERR_DIRECT_INVOKE", message: "no healthy instance" })).get(
      "/api/admin/auctions/lot-1/audit",
    );
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.code).toBe("UPSTREAM_FAILED");
    // Nothing of daprd's answer reaches the caller.
    expect(JSON.stringify(unreachable.body)).not.toContain("ERR_DIRECT_INVOKE");

    const garbled = await gateway({ ...trail, length: "many" }).get("/api/admin/auctions/lot-1/audit");
    expect(garbled.status).toBe(502);
    expect(garbled.body.code).toBe("UPSTREAM_CONTRACT_BROKEN");
  });
});
