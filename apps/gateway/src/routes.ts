import {
  AppIds,
  type AuctionEvent,
  AuctionId,
  AuctionSnapshot,
  BiddingRoutes,
  GatewayEventRoutes,
  maxCoversAmount,
  Topics,
} from "@auction-mesh/contracts";
import {
  currentUser,
  type Logger,
  parseOr400,
  requireUser,
  type Sidecar,
  type TokenVerifier,
  topicHandler,
} from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import type { BidPlacer } from "./bid-placer.js";
import type { LiveFeed } from "./domain/live-feed.js";
import { openApiDocument, RestBidBody } from "./openapi.js";
import type { BidRateLimiter } from "./rate-limits.js";

const BidBody = RestBidBody.refine(...maxCoversAmount);
const EventsQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/** Live bidding over REST: snapshots, bids (signed-in bidders), recent events, server time. */
export function liveRoutes(
  sidecar: Sidecar,
  feed: LiveFeed<AuctionEvent>,
  limits: BidRateLimiter,
  verifier: TokenVerifier,
  bids: BidPlacer,
): Router {
  const router = express.Router();
  const auctionId = (raw: unknown) => parseOr400(AuctionId, raw, "auction id");

  const document = openApiDocument();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });

  // Clients count down against this clock, not their own.
  router.get("/api/time", (_req, res) => {
    res.json({ now: new Date().toISOString() });
  });

  router.get("/api/auctions/:auctionId/live", async (req, res) => {
    const id = auctionId(req.params.auctionId);
    res.json(await sidecar.invoke(AppIds.bidding, BiddingRoutes.snapshot, { auctionId: id }, AuctionSnapshot));
  });

  router.post("/api/auctions/:auctionId/bids", requireUser(verifier, ["bidder"]), limits.middleware(), async (req, res) => {
    const id = auctionId(req.params.auctionId);
    const body = parseOr400(BidBody, req.body);
    const command = { auctionId: id, ...body, bidderId: currentUser(res).sub };
    const result = await bids.place(command);
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
