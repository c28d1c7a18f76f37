import { Components, ImageErrorCodes, MediaRoutes } from "@auction-mesh/contracts";
import { currentUser, HttpError, requireUser, type TokenVerifier } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import type { Housekeeping } from "./housekeeping.js";
import type { Uploads } from "./uploads.js";

/** A year: the names are content hashes, so a file at a name never changes. */
const CACHE_FOREVER = "public, max-age=31536000, immutable";

/** What the gateway calls: a seller's upload (the bytes as the body) and the stored files. */
export function imageRoutes(uploads: Uploads, verifier: TokenVerifier): Router {
  const router = express.Router();

  router.post(`/${MediaRoutes.upload}`, requireUser(verifier, ["seller", "admin"]), async (req, res) => {
    // The SDK's body parser reads application/octet-stream into a Buffer; anything else is not an upload.
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new HttpError(400, ImageErrorCodes.missing, "send the image's bytes as application/octet-stream");
    res.status(201).json(await uploads.accept(currentUser(res).sub, req.body));
  });

  router.get(`/${MediaRoutes.files}/:name`, async (req, res) => {
    const file = await uploads.file(req.params.name);
    res.set({ "content-type": file.contentType, "cache-control": CACHE_FOREVER, "x-content-type-options": "nosniff" }).send(file.bytes);
  });

  return router;
}

/** The cron binding's housekeeping call: daprd POSTs to the component's name. */
export function housekeepingRoutes(housekeeping: Housekeeping): Router {
  const router = express.Router();
  router.post(`/${Components.cleanupSchedule}`, async (_req, res) => {
    res.json(await housekeeping.run());
  });
  return router;
}
