import {
  AppIds,
  AuctionId,
  AuctionsRoutes,
  AuditRoutes,
  AuditTrail,
  AuditTrailQuery,
  DeadLetterActionResult,
  DeadLetterId,
  DeadLetterList,
  DeadLetterListQuery,
} from "@auction-mesh/contracts";
import { parseOr400, requireUser, type Sidecar, type TokenVerifier } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { callerInvoker, queryNumbers } from "./proxy.js";

/** The query of an auction's audit trail page: AuditTrailQuery without the auction id (it is in the path). */
export const AuditPageQuery = AuditTrailQuery.omit({ auctionId: true });

/**
 * Admin-only: the message hospital (dead letters the catalogue keeps) and each auction's audit
 * trail (kept by audit, the Go service). The gateway refuses a non-admin here; the catalogue
 * checks the forwarded token again, and audit takes calls from the gateway alone.
 */
export function adminRoutes(sidecar: Sidecar, verifier: TokenVerifier): Router {
  const router = express.Router();
  const admin = requireUser(verifier, ["admin"]);
  const id = (raw: unknown) => parseOr400(DeadLetterId, raw, "dead-letter id");
  const catalogue = callerInvoker(sidecar, AppIds.auctions);
  const audit = callerInvoker(sidecar, AppIds.audit);

  router.get("/api/admin/dead-letters", admin, async (req, res) => {
    res.json(await catalogue(req, AuctionsRoutes.deadLetters, parseOr400(DeadLetterListQuery, req.query, "query"), DeadLetterList));
  });

  router.post("/api/admin/dead-letters/:id/replay", admin, async (req, res) => {
    res.json(await catalogue(req, AuctionsRoutes.replayDeadLetter, { id: id(req.params.id) }, DeadLetterActionResult));
  });

  router.post("/api/admin/dead-letters/:id/discard", admin, async (req, res) => {
    res.json(await catalogue(req, AuctionsRoutes.discardDeadLetter, { id: id(req.params.id) }, DeadLetterActionResult));
  });

  // A page of what happened to one auction, in the order audit recorded it, with the whole chain verified.
  router.get("/api/admin/auctions/:auctionId/audit", admin, async (req, res) => {
    const auctionId = parseOr400(AuctionId, req.params.auctionId, "auction id");
    const page = parseOr400(AuditPageQuery, queryNumbers(req.query), "query");
    const query: AuditTrailQuery = { auctionId, ...page };
    res.json(await audit(req, AuditRoutes.trail, query, AuditTrail));
  });

  return router;
}
