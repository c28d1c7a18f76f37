import {
  Jobs as JobNames,
  MarkReadRequest,
  NotificationQuery,
  NotificationsEventRoutes,
  NotificationsRoutes,
  PreferencesUpdate,
  Topics,
  WatchChange,
  WatchQuery,
} from "@auction-mesh/contracts";
import { currentUser, jobHandler, type Logger, parseOr400, requireUser, type TokenVerifier, topicHandler } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import type { NotificationStore } from "./notification-store.js";
import type { Notifier } from "./notifier.js";
import type { WatchStore } from "./watch-store.js";
import type { Watchlist } from "./watchlist.js";

/** The person's own notifications and preferences: the bearer token names them, never the body. */
export function notificationsRoutes(store: NotificationStore, verifier: TokenVerifier): Router {
  const router = express.Router();
  const signedIn = requireUser(verifier);

  router.post(`/${NotificationsRoutes.list}`, signedIn, async (req, res) => {
    const { before, limit } = parseOr400(NotificationQuery, req.body ?? {}, "query");
    res.json(await store.page(currentUser(res).sub, before, limit));
  });

  router.post(`/${NotificationsRoutes.markRead}`, signedIn, async (req, res) => {
    const request = parseOr400(MarkReadRequest, req.body);
    res.json(await store.markRead(currentUser(res).sub, "all" in request ? "all" : request.ids));
  });

  router.post(`/${NotificationsRoutes.preferences}`, signedIn, async (_req, res) => {
    res.json(await store.preferences(currentUser(res).sub));
  });

  router.post(`/${NotificationsRoutes.updatePreferences}`, signedIn, async (req, res) => {
    const { email } = parseOr400(PreferencesUpdate, req.body);
    res.json(await store.setPreferences(currentUser(res).sub, email));
  });

  return router;
}

/** The signed-in person's watchlist (the token names them). */
export function watchlistRoutes(watchlist: Watchlist, watches: WatchStore, verifier: TokenVerifier): Router {
  const router = express.Router();
  const signedIn = requireUser(verifier);

  router.post(`/${NotificationsRoutes.watch}`, signedIn, async (req, res) => {
    const { auctionId, watching } = parseOr400(WatchChange, req.body);
    res.json(await watchlist.change(currentUser(res).sub, auctionId, watching));
  });

  router.post(`/${NotificationsRoutes.watching}`, signedIn, async (req, res) => {
    res.json(await watchlist.state(currentUser(res).sub, parseOr400(WatchQuery, req.body).auctionId));
  });

  router.post(`/${NotificationsRoutes.watches}`, signedIn, async (_req, res) => {
    res.json(await watches.watchesOf(currentUser(res).sub));
  });

  return router;
}

/** What notifications' sidecar delivers: bidding's events and payments' settlement events. */
export function notificationsEventRoutes(notifier: Notifier, logger: Logger): Router {
  const router = express.Router();
  router.post(
    NotificationsEventRoutes.auctionEvents,
    topicHandler(Topics.auctionEvents, logger, (batch) => notifier.onAuctionEvents(batch)),
  );
  router.post(
    NotificationsEventRoutes.settlementEvents,
    topicHandler(Topics.settlementEvents, logger, (event) => notifier.onSettlementEvent(event)),
  );
  router.post(
    `${JobNames.route}/:name`,
    jobHandler(JobNames.endingSoonPrefix, logger, (auctionId) => notifier.onEndingSoon(auctionId)),
  );
  return router;
}
