import {
  AppIds,
  MarkReadRequest,
  MarkReadResult,
  NotificationPage,
  NotificationPreferences,
  NotificationQuery,
  NotificationsRoutes,
  PreferencesUpdate,
} from "@auction-mesh/contracts";
import { parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { callerInvoker } from "./proxy.js";

/** The signed-in person's notifications (the bell) and e-mail preferences, answered by notifications. */
export function notificationRoutes(sidecar: Sidecar): Router {
  const router = express.Router();
  const notifications = callerInvoker(sidecar, AppIds.notifications);

  router.get("/api/notifications", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.list, parseOr400(NotificationQuery, req.query, "query"), NotificationPage));
  });

  router.post("/api/notifications/read", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.markRead, parseOr400(MarkReadRequest, req.body), MarkReadResult));
  });

  router.get("/api/notifications/preferences", async (req, res) => {
    res.json(await notifications(req, NotificationsRoutes.preferences, {}, NotificationPreferences));
  });

  router.put("/api/notifications/preferences", async (req, res) => {
    res.json(
      await notifications(req, NotificationsRoutes.updatePreferences, parseOr400(PreferencesUpdate, req.body), NotificationPreferences),
    );
  });

  return router;
}
