import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/openapi.js";

describe("openApiDocument", () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  };

  it("describes every public route", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/auctions",
      "/api/auctions/{auctionId}",
      "/api/auctions/{auctionId}/bids",
      "/api/auctions/{auctionId}/events",
    ]);
    expect(Object.keys(doc.paths["/api/auctions/{auctionId}/bids"]?.post?.responses ?? {}).sort()).toEqual([
      "201",
      "400",
      "404",
      "409",
      "429",
    ]);
  });

  it("derives bodies from the contracts (required fields, no extra keys)", () => {
    type Body = { content: { "application/json": { schema: { required: string[]; additionalProperties: boolean } } } };
    const requestBody = doc.paths["/api/auctions/{auctionId}/bids"]?.post?.requestBody as Body | undefined;
    const body = requestBody?.content["application/json"].schema;
    if (!body) throw new Error("no bid body in the document");
    expect(body.required.sort()).toEqual(["amount", "bidderId", "idempotencyKey"]);
    expect(body.additionalProperties).toBe(false);
  });
});
