import {
  type AuctionEvent,
  AuctionId,
  GatewayEventRoutes,
  maxCoversAmount,
  type NotificationPush,
  RestBidBody,
  Topics,
} from "@auction-mesh/contracts";
import {
  bearerToken,
  currentUser,
  type Logger,
  parseOr400,
  requireUser,
  type TokenVerifier,
  topicHandler,
} from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import { asyncApiDocument } from "./asyncapi.js";
import type { LiveFeed } from "./domain/live-feed.js";
import { openApiDocument } from "./openapi.js";
import type { PlaceBid } from "./place-bid.js";
import type { Snapshots } from "./snapshots.js";

const BidBody = RestBidBody.refine(...maxCoversAmount);
const EventsQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/** Live bidding over REST: snapshots, bids (signed-in bidders), recent events, server time. */
export function liveRoutes(snapshots: Snapshots, feed: LiveFeed<AuctionEvent>, verifier: TokenVerifier, bids: PlaceBid): Router {
  const router = express.Router();
  const auctionId = (raw: unknown) => parseOr400(AuctionId, raw, "auction id");

  const document = openApiDocument();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });
  const asyncApi = asyncApiDocument();
  router.get("/api/asyncapi.json", (_req, res) => {
    res.json(asyncApi);
  });

  // Clients count down against this clock, not their own.
  router.get("/api/time", (_req, res) => {
    res.json({ now: new Date().toISOString() });
  });

  router.get("/api/auctions/:auctionId/live", async (req, res) => {
    const id = auctionId(req.params.auctionId);
    res.json(await snapshots.read(id));
  });

  router.post("/api/auctions/:auctionId/bids", requireUser(verifier, ["bidder"]), async (req, res) => {
    const id = auctionId(req.params.auctionId);
    const body = parseOr400(BidBody, req.body);
    const bidder = { id: currentUser(res).sub, token: bearerToken(req.header("authorization")) as string, ip: req.ip ?? "unknown" };
    const result = await bids.place(bidder, { auctionId: id, ...body });
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
export function eventRoutes(
  feed: LiveFeed<AuctionEvent>,
  logger: Logger,
  onNew: (events: AuctionEvent[]) => void,
  onNotification: (push: NotificationPush) => void,
): Router {
  const router = express.Router();
  router.post(
    GatewayEventRoutes.notificationPushes,
    topicHandler(Topics.notificationPushes, logger, async (push) => onNotification(push)),
  );
  router.post(
    GatewayEventRoutes.auctionEvents,
    topicHandler(Topics.auctionEvents, logger, async (batch) => {
      // Redelivered events (same sequence) are not fanned out twice.
      const fresh = batch.events.filter((event) => feed.record(event));
      if (fresh.length === 0) return;
      logger.debug({ auctionId: batch.auctionId, from: fresh[0]?.sequence, to: fresh.at(-1)?.sequence }, "auction events");
      onNew(fresh);
    }),
  );
  return router;
}
