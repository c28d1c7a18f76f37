import { AuctionActorContract, AuctionId, BiddingRoutes, OpenAuctionRequest } from "@auction-mesh/contracts";
import { type ActorClient, actorProxy, HttpError, parseOr400 } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";

const SnapshotQuery = z.object({ auctionId: AuctionId }).strict();

/**
 * Routes other services reach through Dapr service invocation (and its access control); each
 * hands off to the auction's actor through the sidecar (placement finds the host).
 */
export function biddingRoutes(actors: ActorClient): Router {
  const router = express.Router();
  const actor = (auctionId: string) => actorProxy(actors, AuctionActorContract, auctionId);

  router.post(`/${BiddingRoutes.openAuction}`, async (req, res) => {
    const request = parseOr400(OpenAuctionRequest, req.body);
    res.status(201).json(await actor(request.auctionId).open(request));
  });

  router.post(`/${BiddingRoutes.snapshot}`, async (req, res) => {
    const { auctionId } = parseOr400(SnapshotQuery, req.body);
    const snapshot = await actor(auctionId).getSnapshot();
    if (!snapshot) throw new HttpError(404, "AUCTION_NOT_FOUND", `No live auction ${auctionId}`);
    res.json(snapshot);
  });

  return router;
}
