import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type Router } from "express";

/** Prefixes that are never the web app's own pages. */
const NOT_PAGES = ["/api", "/socket.io", "/healthz", "/dapr", "/actors", "/events", "/job"];

/**
 * Serves the bidder web app (apps/web, built by Vite) from `root`: hashed assets cached for a
 * year, every other GET that is not an API path answered with index.html so client-side routes
 * (/auctions/42) survive a reload. Without a build the gateway still serves its API.
 */
export function webAppRoutes(root: string): Router | undefined {
  const index = join(root, "index.html");
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use("/assets", express.static(join(root, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }));
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (NOT_PAGES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
