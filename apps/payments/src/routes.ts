import { PaymentsRoutes, StatementQuery, TopUpRequest } from "@auction-mesh/contracts";
import { currentUser, HttpError, idempotencyKeyOf, parseOr400, requireUser, type TokenVerifier } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import type { Wallets } from "./wallets.js";

/**
 * payments' invocation routes. The gateway forwards the caller's bearer token, checked here
 * again: the wallet is always the token's owner, never a field of the request.
 */
export function paymentsRoutes(wallets: Wallets, verifier: TokenVerifier): Router {
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

  return router;
}
