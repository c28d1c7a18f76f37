import {
  AuctionId,
  AuctionsRoutes,
  BidHistoryQuery,
  CreateListingRequest,
  ImagesInUseRequest,
  ListingExportQuery,
  ListListingsQuery,
  LotsQuery,
  SaleOutcome,
  UpdateListingRequest,
} from "@auction-mesh/contracts";
import {
  currentUser,
  idempotencyKeyOf,
  maybeUser,
  optionalUser,
  parseOr400,
  requireUser,
  type TokenVerifier,
} from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import type { Catalogue } from "./catalogue.js";
import { canSee } from "./domain/listing-rules.js";
import type { ListingStore } from "./listing-store.js";

const ById = z.object({ auctionId: AuctionId }).strict();
const UpdateBody = z.object({ auctionId: AuctionId, changes: UpdateListingRequest }).strict();
const BidsBody = BidHistoryQuery.extend({ auctionId: AuctionId }).strict();

/**
 * The catalogue's invocation routes (the gateway calls them through the sidecars and forwards
 * the caller's bearer token, which is checked here again: no service trusts another's word
 * for who the user is).
 */
export function catalogueRoutes(catalogue: Catalogue, store: ListingStore, verifier: TokenVerifier): Router {
  const router = express.Router();
  const signedIn = requireUser(verifier);
  const anyone = optionalUser(verifier);

  router.post(`/${AuctionsRoutes.create}`, signedIn, async (req, res) => {
    const request = parseOr400(CreateListingRequest, req.body);
    res.status(201).json(await catalogue.create(request, currentUser(res), idempotencyKeyOf(req)));
  });

  router.post(`/${AuctionsRoutes.update}`, signedIn, async (req, res) => {
    const { auctionId, changes } = parseOr400(UpdateBody, req.body);
    res.json(await catalogue.update(auctionId, changes, currentUser(res)));
  });

  router.post(`/${AuctionsRoutes.publish}`, signedIn, async (req, res) => {
    res.json(await catalogue.publish(parseOr400(ById, req.body).auctionId, currentUser(res)));
  });

  router.post(`/${AuctionsRoutes.cancel}`, signedIn, async (req, res) => {
    res.json(await catalogue.cancel(parseOr400(ById, req.body).auctionId, currentUser(res)));
  });

  router.post(`/${AuctionsRoutes.myBids}`, signedIn, async (_req, res) => {
    res.json(await catalogue.myBids(currentUser(res)));
  });

  router.post(`/${AuctionsRoutes.lots}`, signedIn, async (req, res) => {
    res.json(await catalogue.lots(parseOr400(LotsQuery, req.body).auctionIds, currentUser(res)));
  });

  router.post(`/${AuctionsRoutes.get}`, anyone, async (req, res) => {
    const listing = await catalogue.find(parseOr400(ById, req.body).auctionId);
    res.json(catalogue.view(listing, maybeUser(res)));
  });

  router.post(`/${AuctionsRoutes.list}`, anyone, async (req, res) => {
    const query = parseOr400(ListListingsQuery, req.body, "query");
    const user = maybeUser(res);
    const page = await store.list(query, user);
    res.json({ ...page, items: page.items.map((l) => catalogue.view(l, user)) });
  });

  // search's projection and rebuild (access control: only search may call exports/*).
  router.post(`/${AuctionsRoutes.export}`, async (req, res) => {
    const { after, limit } = parseOr400(ListingExportQuery, req.body);
    res.json(await store.exportPage(after, limit));
  });

  router.post(`/${AuctionsRoutes.exportLots}`, async (req, res) => {
    const lots = await store.lots(parseOr400(LotsQuery, req.body).auctionIds);
    res.json({
      items: lots
        .filter((lot) => canSee(lot.listing, undefined))
        .map((lot) => ({ ...lot, listing: { ...lot.listing, reservePrice: null } })),
    });
  });

  // payments' settlement saga (access control: only payments may call sales/*).
  router.post(`/${AuctionsRoutes.settle}`, async (req, res) => {
    res.json(await catalogue.settle(parseOr400(SaleOutcome, req.body)));
  });

  // media's housekeeping (access control: only media may call image-references/*).
  router.post(`/${AuctionsRoutes.imagesInUse}`, async (req, res) => {
    res.json({ paths: await store.imagesInUse(parseOr400(ImagesInUseRequest, req.body).paths) });
  });

  router.post(`/${AuctionsRoutes.bidHistory}`, anyone, async (req, res) => {
    const { auctionId, before, limit } = parseOr400(BidsBody, req.body, "query");
    catalogue.view(await catalogue.find(auctionId), maybeUser(res));
    res.json({ auctionId, ...(await store.bids(auctionId, before, limit)) });
  });

  return router;
}
