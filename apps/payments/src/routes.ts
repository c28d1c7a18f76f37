import { AuctionId, PaymentsEventRoutes, PaymentsRoutes, StatementQuery, Topics, TopUpRequest } from "@auction-mesh/contracts";
import {
  currentUser,
  HttpError,
  idempotencyKeyOf,
  type Logger,
  parseOr400,
  requireUser,
  type TokenVerifier,
  topicHandler,
} from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import type { Settlements } from "./settlements.js";
import type { Wallets } from "./wallets.js";

const ById = z.object({ auctionId: AuctionId }).strict();

/**
 * payments' invocation routes. The gateway forwards the caller's bearer token, checked here
 * again: the wallet is always the token's owner, never a field of the request.
 */
export function paymentsRoutes(wallets: Wallets, settlements: Settlements, verifier: TokenVerifier): Router {
  const router = express.Router();
  const signedIn = requireUser(verifier);

  router.post(`/${PaymentsRoutes.balance}`, signedIn, async (_req, res) => {
    res.json(await wallets.balance(currentUser(res)));
  });

  router.post(`/${PaymentsRoutes.statement}`, signedIn, async (req, res) => {
    const { before, limit } = parseOr400(StatementQuery, req.body ?? {}, "query");
    res.json(await wallets.statement(currentUser(res), before, limit));
  });

  router.post(`/${PaymentsRoutes.topUp}`, signedIn, async (req, res) => {
    const { amount } = parseOr400(TopUpRequest, req.body);
    const key = idempotencyKeyOf(req);
    if (!key) throw new HttpError(400, "IDEMPOTENCY_KEY_REQUIRED", "a top-up needs an Idempotency-Key header, the same for each retry");
    // A repeated key answers the first top-up's entry, again with 201: the resend's caller
    // learns what the first attempt did.
    res.status(201).json(await wallets.topUp(currentUser(res), amount, key));
  });

  router.post(`/${PaymentsRoutes.settlement}`, signedIn, async (req, res) => {
    res.json(await settlements.view(parseOr400(ById, req.body).auctionId, currentUser(res)));
  });

  router.post(`/${PaymentsRoutes.acceptOffer}`, signedIn, async (req, res) => {
    res.status(202).json(await settlements.acceptOffer(parseOr400(ById, req.body).auctionId, currentUser(res), wallets));
  });

  return router;
}

/** What payments' sidecar delivers: bidding's results (each auction's close). */
export function paymentsEventRoutes(settlements: Settlements, logger: Logger): Router {
  const router = express.Router();
  router.post(
    PaymentsEventRoutes.auctionResults,
    topicHandler(Topics.auctionResults, logger, async (closed) => settlements.onAuctionClosed(closed)),
  );
  return router;
}
