import { AuthSession, Contact, ContactQuery, IdentityRoutes, LoginRequest, type Role, SignUpRequest } from "@auction-mesh/contracts";
import { currentUser, HttpError, idempotencyKeyOf, parseOr400, requireUser, type TokenVerifier } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { type CostlyWork, unbounded } from "./costly-work.js";
import { judgePassword } from "./domain/password-policy.js";
import { passwordMatches, UNKNOWN_USER_HASH } from "./passwords.js";
import { signUp } from "./sign-up.js";
import type { TokenSigner } from "./tokens.js";
import { profileOf, type UserStore } from "./users.js";

export interface IdentityDeps {
  users: UserStore;
  signer: () => Promise<TokenSigner>;
  verifier: TokenVerifier;
  /** E-mails that get the admin role at sign-up (ADMIN_EMAILS). */
  adminEmails: ReadonlySet<string>;
  /** Runs the costly part of sign-up and login; production passes a bounded queue (503 OVERLOADED when saturated). */
  costly?: CostlyWork;
}

/** Sign-up, login and "who am I", reached through service invocation from the gateway. */
export function identityRoutes({ users, signer, verifier, adminEmails, costly = unbounded }: IdentityDeps): Router {
  const router = express.Router();

  router.post(`/${IdentityRoutes.signUp}`, async (req, res) => {
    const request = parseOr400(SignUpRequest, req.body);
    const user = await costly(async () => {
      const verdict = judgePassword(request.password, [request.email, request.displayName]);
      if (!verdict.ok) {
        throw new HttpError(400, "WEAK_PASSWORD", `The password is too weak: ${verdict.warning}`, {
          warning: verdict.warning,
          suggestions: verdict.suggestions,
        });
      }
      // Sellers bid on other sellers' auctions too.
      const roles: Role[] = request.role === "seller" ? ["seller", "bidder"] : ["bidder"];
      if (adminEmails.has(request.email)) roles.push("admin");
      return signUp(users, request, roles, idempotencyKeyOf(req));
    });
    res.status(201).json(AuthSession.parse(await (await signer()).session(profileOf(user))));
  });

  router.post(`/${IdentityRoutes.login}`, async (req, res) => {
    const { email, password } = parseOr400(LoginRequest, req.body);
    const { user, matches } = await costly(async () => {
      const user = await users.byEmail(email);
      return { user, matches: await passwordMatches(user?.passwordHash ?? UNKNOWN_USER_HASH, password) };
    });
    // One answer for an unknown e-mail and a wrong password: no account discovery.
    if (!user || !matches) throw new HttpError(401, "INVALID_CREDENTIALS", "the e-mail or the password is wrong");
    res.json(AuthSession.parse(await (await signer()).session(profileOf(user))));
  });

  router.post(`/${IdentityRoutes.me}`, requireUser(verifier), async (_req, res) => {
    const user = await users.byId(currentUser(res).sub);
    if (!user) throw new HttpError(401, "TOKEN_INVALID", "the account of this token no longer exists");
    res.json(profileOf(user));
  });

  // Only notifications may call this (access control in dapr/config.yaml): it e-mails people.
  router.post(`/${IdentityRoutes.contact}`, async (req, res) => {
    const { userId } = parseOr400(ContactQuery, req.body);
    const user = await users.byId(userId);
    if (!user) throw new HttpError(404, "USER_NOT_FOUND", `no user ${userId}`);
    res.json(Contact.parse({ userId: user.id, email: user.email, displayName: user.displayName }));
  });

  return router;
}
