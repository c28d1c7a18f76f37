import { Components, type Role, Secrets, TokenAudience, TokenClaims, TokenIssuer } from "@auction-mesh/contracts";
import type { DaprClient } from "@dapr/dapr";
import type { RequestHandler, Response } from "express";
import { type CryptoKey, importSPKI, errors as joseErrors, jwtVerify } from "jose";
import { HttpError } from "./http-errors.js";
import { loadOnceUntilFailure } from "./retry-load.js";

/** Reads one secret from one of the mesh's secret stores (Dapr secrets API). */
export async function readSecret(client: DaprClient, key: string, store: string = Components.secretStore): Promise<string> {
  const answer = (await client.secret.get(store, key)) as Record<string, unknown>;
  const value = answer[key];
  if (typeof value !== "string" || value.length === 0) {
    throw new Error(`secret ${key} is missing from secret store ${store}`);
  }
  return value;
}

export const TOKEN_ALGORITHM = "EdDSA";

/** How many verified tokens a verifier remembers (a few hundred bytes each). */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Checks bearer tokens identity signed: signature (Ed25519 public key from the secret store,
 * fetched once, again after a failure), issuer, audience, expiry and the claims' shape.
 *
 * A token that passed is remembered until it expires (the exact same string, so the same
 * signature): a bidder's every bid carries the same token, and checking an Ed25519 signature
 * per bid was work done again for nothing on the hot path (gateway and actor alike).
 */
export class TokenVerifier {
  private readonly publicKey: () => Promise<CryptoKey>;
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  constructor(
    loadPublicKey: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {
    this.publicKey = loadOnceUntilFailure(async () => importSPKI(await loadPublicKey(), TOKEN_ALGORITHM));
  }

  static fromSecretStore(client: DaprClient): TokenVerifier {
    return new TokenVerifier(() => readSecret(client, Secrets.jwtPublicKey));
  }

  /** The token's claims, or an HttpError 401 saying why it was refused. */
  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > this.now()) return known.claims;
    if (known) this.verified.delete(token);
    const { claims, expiresAt } = await this.check(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, expiresAt });
    return claims;
  }

  private async check(token: string): Promise<{ claims: TokenClaims; expiresAt: number }> {
    let key: CryptoKey;
    try {
      key = await this.publicKey();
    } catch (err) {
      throw new HttpError(503, "AUTH_UNAVAILABLE", `cannot check tokens yet: ${(err as Error).message}`);
    }
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: TokenIssuer,
        audience: TokenAudience,
        algorithms: [TOKEN_ALGORITHM],
        requiredClaims: ["exp"],
        currentDate: new Date(this.now()),
      });
      return { claims: TokenClaims.parse(payload), expiresAt: (payload.exp as number) * 1000 };
    } catch (err) {
      const reason = err instanceof joseErrors.JWTExpired ? "the token has expired" : "the token is not valid";
      throw new HttpError(401, "TOKEN_INVALID", `${reason}; sign in again`);
    }
  }
}

/** The bearer token of an Authorization header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/** The signed-in user a `requireUser` middleware put on the response. */
export function currentUser(res: Response): TokenClaims {
  const user = res.locals.user as TokenClaims | undefined;
  if (!user) throw new Error("currentUser() used on a route without requireUser()");
  return user;
}

/**
 * Lets the request through only with a valid token carrying one of `roles` (any role when
 * empty): 401 UNAUTHENTICATED without a token, 401 TOKEN_INVALID for a bad one, 403 FORBIDDEN
 * for the wrong role.
 */
export function requireUser(verifier: TokenVerifier, roles: readonly Role[] = []): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.header("authorization"));
      if (!token) throw new HttpError(401, "UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>");
      const claims = await verifier.verify(token);
      if (roles.length > 0 && !claims.roles.some((r) => roles.includes(r))) {
        throw new HttpError(403, "FORBIDDEN", `this needs the ${roles.join(" or ")} role`);
      }
      res.locals.user = claims;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * For routes anyone may call whose answer depends on who asks: sets the user when a token
 * comes with the request. A token that is present but invalid is refused, not ignored.
 */
export function optionalUser(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.header("authorization"));
      if (token) res.locals.user = await verifier.verify(token);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The user an `optionalUser` middleware found, if any. */
export function maybeUser(res: Response): TokenClaims | undefined {
  return res.locals.user as TokenClaims | undefined;
}
