import { AUDIT_PAGE_LIMIT, type AuctionEvent } from "@auction-mesh/contracts";
import type { Sidecar, TokenVerifier } from "@auction-mesh/service-kit";
import type { Router } from "express";
import { describe, expect, it } from "vitest";
import { adminRoutes } from "../../src/admin-routes.js";
import { authRoutes } from "../../src/auth-routes.js";
import { catalogueRoutes } from "../../src/catalogue-routes.js";
import { LiveFeed } from "../../src/domain/live-feed.js";
import { imageRoutes } from "../../src/image-routes.js";
import { notificationRoutes } from "../../src/notification-routes.js";
import { openApiDocument } from "../../src/openapi.js";
import { paymentRoutes } from "../../src/payment-routes.js";
import type { PlaceBid } from "../../src/place-bid.js";
import { liveRoutes } from "../../src/routes.js";
import { searchRoutes } from "../../src/search-routes.js";
import type { Snapshots } from "../../src/snapshots.js";
import { watchlistRoutes } from "../../src/watchlist-routes.js";

type Operation = { requestBody?: unknown; responses: Record<string, unknown>; security?: unknown };
const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Every "METHOD /path" the gateway's public routers register, in OpenAPI's path syntax. */
function registeredRoutes(): string[] {
  // Building the routers calls nothing: the sidecar and verifier are only used per request.
  const sidecar = {} as Sidecar;
  const verifier = {} as TokenVerifier;
  const routers: Router[] = [
    authRoutes(sidecar),
    catalogueRoutes(sidecar),
    adminRoutes(sidecar, verifier),
    paymentRoutes(sidecar),
    notificationRoutes(sidecar),
    watchlistRoutes(sidecar),
    searchRoutes(sidecar),
    imageRoutes({ DAPR_HOST: "127.0.0.1", DAPR_HTTP_PORT: 9, DAPR_API_TOKEN: undefined }),
    liveRoutes({} as Snapshots, new LiveFeed<AuctionEvent>(), verifier, {} as PlaceBid),
  ];
  return routers.flatMap((router) =>
    (router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]).flatMap((layer) =>
      layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route?.path.replace(/:(\w+)/g, "{$1}")}`) : [],
    ),
  );
}

describe("openApiDocument", () => {
  it("documents exactly the routes the gateway serves (the OpenAPI URL itself aside)", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(
      registeredRoutes()
        .filter((r) => r !== "GET /api/openapi.json" && r !== "GET /api/asyncapi.json")
        .sort(),
    );
  });

  it("marks every write that needs a signed-in user, and documents its 401", () => {
    for (const route of [
      "POST /api/auctions",
      "PATCH /api/auctions/{auctionId}",
      "POST /api/auctions/{auctionId}/bids",
      "PUT /api/auctions/{auctionId}/watch",
      "DELETE /api/auctions/{auctionId}/watch",
      "GET /api/auth/me",
      "POST /api/images",
      "GET /api/admin/dead-letters",
      "POST /api/admin/dead-letters/{id}/replay",
      "POST /api/admin/dead-letters/{id}/discard",
      "GET /api/admin/auctions/{auctionId}/audit",
    ]) {
      const [method, path] = route.split(" ") as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect(op?.security, route).toEqual([{ bearer: [] }]);
      expect(Object.keys(op?.responses ?? {}), route).toContain("401");
    }
  });

  it("documents the audit trail's page query with the contract's bounds", () => {
    type Param = { name: string; in: string; schema: { minimum?: number; maximum?: number; default?: number } };
    const params = (doc.paths["/api/admin/auctions/{auctionId}/audit"]?.get as { parameters: Param[] } | undefined)?.parameters ?? [];
    expect(params.map((p) => `${p.in} ${p.name}`)).toEqual(["path auctionId", "query afterSeq", "query limit"]);
    expect(params.find((p) => p.name === "limit")?.schema).toMatchObject({ minimum: 1, maximum: AUDIT_PAGE_LIMIT, default: 200 });
    expect(params.find((p) => p.name === "afterSeq")?.schema).toMatchObject({ minimum: 0, default: 0 });
  });

  it("derives bodies from the contracts: the bidder is never in the bid body", () => {
    type Body = { content: { "application/json": { schema: { required: string[]; additionalProperties: boolean } } } };
    const body = (doc.paths["/api/auctions/{auctionId}/bids"]?.post?.requestBody as Body | undefined)?.content["application/json"].schema;
    if (!body) throw new Error("no bid body in the document");
    expect(body.required.sort()).toEqual(["amount", "idempotencyKey"]);
    expect(body.additionalProperties).toBe(false);
  });
});
