import { existsSync } from "node:fs";
import { join } from "node:path";
import { HttpError } from "@auction-mesh/service-kit";
import express, { type ErrorRequestHandler, type Router } from "express";

/** Prefixes that are never the web app's own pages. */
const NOT_PAGES = ["/api", "/socket.io", "/healthz", "/dapr", "/actors", "/events", "/job"];

/**
 * What the static server refuses, in the mesh's error shape: it answers a missing file 404, and a
 * path it will not follow (`..`, a bad %-encoding, a NUL) 400 or 403, each as a bare error that
 * would otherwise become a 500 with a stack trace in the log.
 */
const assetError: ErrorRequestHandler = (err, req, _res, next) => {
  const status = (err as { status?: number }).status;
  if (status === 404) return next(new HttpError(404, "ASSET_NOT_FOUND", `no asset ${req.path}`));
  if (status !== undefined && status >= 400 && status < 500) return next(new HttpError(400, "BAD_PATH", "the asset path is not valid"));
  next(err);
};

/**
 * Serves the bidder web app (apps/web, built by Vite) from `root`: hashed assets cached for a
 * year, every other GET that is not an API path answered with index.html so client-side routes
 * (/auctions/42) survive a reload. Without a build the gateway still serves its API.
 */
export function webAppRoutes(root: string): Router | undefined {
  const index = join(root, "index.html");
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use("/assets", express.static(join(root, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }), assetError);
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (NOT_PAGES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
