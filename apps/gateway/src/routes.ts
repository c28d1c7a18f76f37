import {
  AppIds,
  type AuctionEvent,
  AuctionId,
  AuctionSnapshot,
  BiddingRoutes,
  GatewayEventRoutes,
  maxCoversAmount,
  OpenAuctionRequest,
  PlaceBidResult,
  Topics,
} from "@auction-mesh/contracts";
import { type Logger, parseOr400, type Sidecar, topicHandler } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import type { LiveFeed } from "./domain/live-feed.js";
import { openApiDocument, RestBidBody } from "./openapi.js";
import type { BidRateLimiter } from "./rate-limits.js";

/** Until identity lands, the bidder names itself in the body. */
const BidBody = RestBidBody.refine(...maxCoversAmount);
const EventsQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/** The public REST API: every call goes to bidding through the sidecars. */
export function apiRoutes(sidecar: Sidecar, feed: LiveFeed<AuctionEvent>, limits: BidRateLimiter): Router {
  const router = express.Router();
  const auctionId = (raw: unknown) => parseOr400(AuctionId, raw, "auction id");

  const document = openApiDocument();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });

  router.post("/api/auctions", async (req, res) => {
    const request = parseOr400(OpenAuctionRequest, req.body);
    res.status(201).json(await sidecar.invoke(AppIds.bidding, BiddingRoutes.openAuction, request, AuctionSnapshot));
  });

  router.get("/api/auctions/:auctionId", async (req, res) => {
    const id = auctionId(req.params.auctionId);
    res.json(await sidecar.invoke(AppIds.bidding, BiddingRoutes.snapshot, { auctionId: id }, AuctionSnapshot));
  });

  const bidderOf = (body: unknown) => {
    const bidderId = (body as { bidderId?: unknown } | undefined)?.bidderId;
    return typeof bidderId === "string" ? bidderId : undefined;
  };
  router.post("/api/auctions/:auctionId/bids", limits.middleware(bidderOf), async (req, res) => {
    const id = auctionId(req.params.auctionId);
    const body = parseOr400(BidBody, req.body);
    const result = await sidecar.invoke(AppIds.bidding, BiddingRoutes.placeBid, { auctionId: id, ...body }, PlaceBidResult);
    // A refused bid is a valid answer to a valid request, but clients want a 4xx to branch on.
    res.status(result.accepted ? 201 : result.code === "AUCTION_NOT_FOUND" ? 404 : 409).json(result);
  });

  router.get("/api/auctions/:auctionId/events", (req, res) => {
    const id = auctionId(req.params.auctionId);
    const { after } = parseOr400(EventsQuery, req.query, "query");
    res.json({ auctionId: id, events: feed.since(id, after) });
  });

  return router;
}

/** Subscription routes the gateway's sidecar delivers events to (dapr/subscriptions). */
export function eventRoutes(feed: LiveFeed<AuctionEvent>, logger: Logger, onNew: (event: AuctionEvent) => void): Router {
  const router = express.Router();
  router.post(
    GatewayEventRoutes.auctionEvents,
    topicHandler(Topics.auctionEvents, logger, async (event) => {
      // A redelivered event (same sequence) is not fanned out twice.
      if (!feed.record(event)) return;
      logger.debug({ auctionId: event.auctionId, sequence: event.sequence, type: event.type }, "auction event");
      onNew(event);
    }),
  );
  return router;
}
