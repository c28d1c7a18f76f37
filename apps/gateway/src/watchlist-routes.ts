import { AppIds, AuctionId, AuctionsRoutes, LotsPage, NotificationsRoutes, Watches, WatchState } from "@auction-mesh/contracts";
import { parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { callerInvoker } from "./proxy.js";

/**
 * The signed-in person's watchlist: notifications keeps the watches (a watcher hears an auction
 * ends soon); the page's lots come from the catalogue, in the order watched.
 */
export function watchlistRoutes(sidecar: Sidecar): Router {
  const router = express.Router();
  const id = (raw: unknown) => parseOr400(AuctionId, raw, "auction id");
  const notifications = callerInvoker(sidecar, AppIds.notifications);
  const catalogue = callerInvoker(sidecar, AppIds.auctions);

  router.get("/api/auctions/:auctionId/watch", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.watching, { auctionId: id(req.params.auctionId) }, WatchState));
  });

  router.put("/api/auctions/:auctionId/watch", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.watch, { auctionId: id(req.params.auctionId), watching: true }, WatchState));
  });

  router.delete("/api/auctions/:auctionId/watch", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.watch, { auctionId: id(req.params.auctionId), watching: false }, WatchState));
  });

  router.get("/api/me/watchlist", async (req, res) => {
    const watches = await notifications(req, NotificationsRoutes.watches, {}, Watches);
    if (watches.items.length === 0) return void res.json({ items: [] });
    const auctionIds = watches.items.map((w) => w.auctionId);
    res.json(await catalogue(req, AuctionsRoutes.lots, { auctionIds }, LotsPage));
  });

  return router;
}
