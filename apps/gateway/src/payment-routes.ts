import {
  AppIds,
  AuctionId,
  PaymentsRoutes,
  Settlement,
  StatementPage,
  StatementQuery,
  TopUpRequest,
  TopUpResult,
  WalletBalance,
} from "@auction-mesh/contracts";
import { forwardedIdempotencyKey, parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { forwardedAuth } from "./proxy.js";

/** The signed-in person's wallet (balance, statement, sandbox top-ups) and settlements, answered by payments. */
export function paymentRoutes(sidecar: Sidecar): Router {
  const router = express.Router();

  router.get("/api/wallet", async (req, res) => {
    res.json(await sidecar.invoke(AppIds.payments, PaymentsRoutes.balance, {}, WalletBalance, forwardedAuth(req)));
  });

  router.get("/api/wallet/statement", async (req, res) => {
    const query = parseOr400(StatementQuery, req.query, "query");
    res.json(await sidecar.invoke(AppIds.payments, PaymentsRoutes.statement, query, StatementPage, forwardedAuth(req)));
  });

  router.post("/api/wallet/top-ups", async (req, res) => {
    const request = parseOr400(TopUpRequest, req.body);
    const headers = { ...forwardedAuth(req), ...forwardedIdempotencyKey(req) };
    res.status(201).json(await sidecar.invoke(AppIds.payments, PaymentsRoutes.topUp, request, TopUpResult, headers));
  });

  router.get("/api/auctions/:auctionId/settlement", async (req, res) => {
    const auctionId = parseOr400(AuctionId, req.params.auctionId, "auction id");
    res.json(await sidecar.invoke(AppIds.payments, PaymentsRoutes.settlement, { auctionId }, Settlement, forwardedAuth(req)));
  });

  router.post("/api/auctions/:auctionId/second-chance", async (req, res) => {
    const auctionId = parseOr400(AuctionId, req.params.auctionId, "auction id");
    res.status(202).json(await sidecar.invoke(AppIds.payments, PaymentsRoutes.acceptOffer, { auctionId }, Settlement, forwardedAuth(req)));
  });

  return router;
}
