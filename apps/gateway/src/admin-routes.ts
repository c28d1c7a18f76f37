import { AppIds, AuctionsRoutes, DeadLetterActionResult, DeadLetterId, DeadLetterList, DeadLetterListQuery } from "@auction-mesh/contracts";
import { parseOr400, requireUser, type Sidecar, type TokenVerifier } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { forwardedAuth } from "./proxy.js";

/**
 * Admin-only: the message hospital (dead letters the catalogue keeps). The gateway refuses a
 * non-admin here, and the catalogue checks the forwarded token again.
 */
export function adminRoutes(sidecar: Sidecar, verifier: TokenVerifier): Router {
  const router = express.Router();
  const admin = requireUser(verifier, ["admin"]);
  const id = (raw: unknown) => parseOr400(DeadLetterId, raw, "dead-letter id");
  const call = <S extends Parameters<Sidecar["invoke"]>[3]>(req: express.Request, route: string, body: unknown, schema: S) =>
    sidecar.invoke(AppIds.auctions, route, body, schema, forwardedAuth(req));

  router.get("/api/admin/dead-letters", admin, async (req, res) => {
    res.json(await call(req, AuctionsRoutes.deadLetters, parseOr400(DeadLetterListQuery, req.query, "query"), DeadLetterList));
  });

  router.post("/api/admin/dead-letters/:id/replay", admin, async (req, res) => {
    res.json(await call(req, AuctionsRoutes.replayDeadLetter, { id: id(req.params.id) }, DeadLetterActionResult));
  });

  router.post("/api/admin/dead-letters/:id/discard", admin, async (req, res) => {
    res.json(await call(req, AuctionsRoutes.discardDeadLetter, { id: id(req.params.id) }, DeadLetterActionResult));
  });

  return router;
}
