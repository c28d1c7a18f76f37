import { AuctionId, AuctionSnapshot, BiddingRoutes, OpenAuctionRequest } from "@auction-mesh/contracts";
import { HttpError, parseOr400 } from "@auction-mesh/service-kit";
import { ActorId, ActorProxyBuilder, type DaprClient } from "@dapr/dapr";
import express, { type Router } from "express";
import { z } from "zod";
import { AuctionActor } from "./auction-actor.js";

const SnapshotQuery = z.object({ auctionId: AuctionId }).strict();

/**
 * Routes other services reach through Dapr service invocation; each hands off to the actor.
 * Bids do not come this way: the gateway calls AuctionActor.placeBids through the actor API.
 */
export function biddingRoutes(client: DaprClient): Router {
  const router = express.Router();
  // Calls go through the sidecar (placement finds the host), never straight to the instance.
  const actors = new ActorProxyBuilder<AuctionActor>(AuctionActor, client);
  const actor = (auctionId: string) => actors.build(new ActorId(auctionId));

  router.post(`/${BiddingRoutes.openAuction}`, async (req, res) => {
    const request = parseOr400(OpenAuctionRequest, req.body);
    const snapshot = AuctionSnapshot.parse(await actor(request.auctionId).open(request));
    res.status(201).json(snapshot);
  });

  router.post(`/${BiddingRoutes.snapshot}`, async (req, res) => {
    const { auctionId } = parseOr400(SnapshotQuery, req.body);
    const snapshot: unknown = await actor(auctionId).getSnapshot();
    // The actor API turns a null result into an empty body.
    if (!snapshot || (typeof snapshot === "string" && snapshot.length === 0)) {
      throw new HttpError(404, "AUCTION_NOT_FOUND", `No live auction ${auctionId}`);
    }
    res.json(AuctionSnapshot.parse(snapshot));
  });

  return router;
}
