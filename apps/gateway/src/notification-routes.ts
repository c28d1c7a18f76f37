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
import { forwardedAuth } from "./proxy.js";

/** The signed-in person's notifications (the bell) and e-mail preferences, answered by notifications. */
export function notificationRoutes(sidecar: Sidecar): Router {
  const router = express.Router();
  const call = <S extends Parameters<Sidecar["invoke"]>[3]>(route: string, body: unknown, answer: S, req: express.Request) =>
    sidecar.invoke(AppIds.notifications, route, body, answer, forwardedAuth(req));

  router.get("/api/notifications", async (req, res) => {
    res.json(await call(NotificationsRoutes.list, parseOr400(NotificationQuery, req.query, "query"), NotificationPage, req));
  });

  router.post("/api/notifications/read", async (req, res) => {
    res.json(await call(NotificationsRoutes.markRead, parseOr400(MarkReadRequest, req.body), MarkReadResult, req));
  });

  router.get("/api/notifications/preferences", async (req, res) => {
    res.json(await call(NotificationsRoutes.preferences, {}, NotificationPreferences, req));
  });

  router.put("/api/notifications/preferences", async (req, res) => {
    res.json(await call(NotificationsRoutes.updatePreferences, parseOr400(PreferencesUpdate, req.body), NotificationPreferences, req));
  });

  return router;
}
