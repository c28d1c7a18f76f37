import { AppIds, AuthSession, IdentityRoutes, LoginRequest, SignUpRequest, UserProfile } from "@auction-mesh/contracts";
import { forwardedIdempotencyKey, parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { forwardedAuth } from "./proxy.js";

/** Sign-up, login and "who am I": validated here, answered by identity. */
export function authRoutes(sidecar: Sidecar): Router {
  const router = express.Router();

  router.post("/api/auth/sign-up", async (req, res) => {
    const request = parseOr400(SignUpRequest, req.body);
    const session = await sidecar.invoke(AppIds.identity, IdentityRoutes.signUp, request, AuthSession, forwardedIdempotencyKey(req));
    res.status(201).json(session);
  });

  router.post("/api/auth/login", async (req, res) => {
    const request = parseOr400(LoginRequest, req.body);
    res.json(await sidecar.invoke(AppIds.identity, IdentityRoutes.login, request, AuthSession));
  });

  router.get("/api/auth/me", async (req, res) => {
    res.json(await sidecar.invoke(AppIds.identity, IdentityRoutes.me, {}, UserProfile, forwardedAuth(req)));
  });

  return router;
}
