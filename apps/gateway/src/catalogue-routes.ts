import {
  AppIds,
  AuctionId,
  AuctionsRoutes,
  BidHistoryPage,
  BidHistoryQuery,
  CreateListingRequest,
  Listing,
  ListingPage,
  ListListingsQuery,
  MyBidsPage,
  UpdateListingRequest,
} from "@auction-mesh/contracts";
import { forwardedIdempotencyKey, parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { callerInvoker } from "./proxy.js";

/** The auction catalogue: list, read, create, edit, publish, cancel, bid history (answered by auctions). */
export function catalogueRoutes(sidecar: Sidecar): Router {
  const router = express.Router();
  const id = (raw: unknown) => parseOr400(AuctionId, raw, "auction id");
  const call = callerInvoker(sidecar, AppIds.auctions);

  router.get("/api/auctions", async (req, res) => {
    res.json(await call(req, AuctionsRoutes.list, parseOr400(ListListingsQuery, req.query, "query"), ListingPage));
  });

  router.post("/api/auctions", async (req, res) => {
    const request = parseOr400(CreateListingRequest, req.body);
    res.status(201).json(await call(req, AuctionsRoutes.create, request, Listing, forwardedIdempotencyKey(req)));
  });

  router.get("/api/auctions/:auctionId", async (req, res) => {
    res.json(await call(req, AuctionsRoutes.get, { auctionId: id(req.params.auctionId) }, Listing));
  });

  router.patch("/api/auctions/:auctionId", async (req, res) => {
    const changes = parseOr400(UpdateListingRequest, req.body);
    res.json(await call(req, AuctionsRoutes.update, { auctionId: id(req.params.auctionId), changes }, Listing));
  });

  router.post("/api/auctions/:auctionId/publish", async (req, res) => {
    res.json(await call(req, AuctionsRoutes.publish, { auctionId: id(req.params.auctionId) }, Listing));
  });

  router.post("/api/auctions/:auctionId/cancel", async (req, res) => {
    res.json(await call(req, AuctionsRoutes.cancel, { auctionId: id(req.params.auctionId) }, Listing));
  });

  router.get("/api/auctions/:auctionId/bids", async (req, res) => {
    const query = parseOr400(BidHistoryQuery, req.query, "query");
    res.json(await call(req, AuctionsRoutes.bidHistory, { auctionId: id(req.params.auctionId), ...query }, BidHistoryPage));
  });

  router.get("/api/me/bids", async (req, res) => {
    res.json(await call(req, AuctionsRoutes.myBids, {}, MyBidsPage));
  });

  return router;
}
