import {
  ApiErrorBody,
  AuctionEvent,
  AuctionId,
  AuctionSnapshot,
  BidderId,
  BidFields,
  OpenAuctionRequest,
  PlaceBidResult,
} from "@auction-mesh/contracts";
import { z } from "zod";

/** The REST bid body: the bid fields plus, until sign-in lands, the bidder. */
export const RestBidBody = BidFields.extend({ bidderId: BidderId }).strict();

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
const error = (description: string) => ({ description, content: json(ApiErrorBody) });
const auctionIdParam = { name: "auctionId", in: "path", required: true, schema: z.toJSONSchema(AuctionId) };

/**
 * The gateway's public API as OpenAPI 3.1, generated from the same zod contracts the code
 * validates with, so the document cannot drift from what the gateway accepts.
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Auction Mesh gateway", version: "0.1.0", description: "Public REST API. Live updates: Socket.IO on the same origin." },
    paths: {
      "/api/auctions": {
        post: {
          summary: "Open a live auction",
          requestBody: { required: true, content: json(OpenAuctionRequest) },
          responses: { 201: { description: "Opened (or already open)", content: json(AuctionSnapshot) }, 400: error("Invalid request") },
        },
      },
      "/api/auctions/{auctionId}": {
        get: {
          summary: "Snapshot of a live auction",
          parameters: [auctionIdParam],
          responses: { 200: { description: "Snapshot", content: json(AuctionSnapshot) }, 404: error("No such auction") },
        },
      },
      "/api/auctions/{auctionId}/bids": {
        post: {
          summary: "Place a bid (retry with the same idempotencyKey: never counted twice)",
          parameters: [auctionIdParam],
          requestBody: { required: true, content: json(RestBidBody) },
          responses: {
            201: { description: "Accepted", content: json(PlaceBidResult) },
            409: { description: "Refused by the auction's rules (code says why)", content: json(PlaceBidResult) },
            400: error("Invalid request"),
            404: error("No such auction"),
            429: error("Rate limited (RATE_LIMITED); see Retry-After"),
          },
        },
      },
      "/api/auctions/{auctionId}/events": {
        get: {
          summary: "Recent events of an auction after a sequence number",
          parameters: [auctionIdParam, { name: "after", in: "query", required: false, schema: { type: "integer", minimum: 0 } }],
          responses: {
            200: {
              description: "Events in sequence order",
              content: json(z.object({ auctionId: AuctionId, events: z.array(AuctionEvent) })),
            },
          },
        },
      },
    },
  };
}
