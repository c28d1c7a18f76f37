import { z } from "zod";
import { storableText } from "./text.js";

/** What a signed-in user may do. Sellers may also bid (on other sellers' auctions). */
export const Role = z.enum(["bidder", "seller", "admin"]);
export type Role = z.infer<typeof Role>;

export const Email = storableText()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "must be an e-mail address" }).max(254));

/**
 * Length bounds only; strength is judged by identity (zxcvbn), which answers WEAK_PASSWORD
 * with the reasons. 256 caps the hashing work one request can ask for.
 */
export const Password = z.string().min(1, "is required").max(256);

/** Self-service sign-up: a bidder, or a seller. Admins are made by configuration, not asked for. */
export const SignUpRequest = z
  .object({
    email: Email,
    password: Password,
    displayName: storableText().trim().min(1).max(80),
    role: z.enum(["bidder", "seller"]).default("bidder"),
  })
  .strict();
export type SignUpRequest = z.infer<typeof SignUpRequest>;
export type SignUpInput = z.input<typeof SignUpRequest>;

export const LoginRequest = z.object({ email: Email, password: Password }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserProfile = z.object({
  id: z.string().min(1),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(Role).min(1),
});
export type UserProfile = z.infer<typeof UserProfile>;

/** The answer to sign-up and login: a bearer token (JWT) and who it is for. */
export const AuthSession = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  user: UserProfile,
});
export type AuthSession = z.infer<typeof AuthSession>;

/** The claims identity signs; every service that checks a token reads these. */
export const TokenClaims = z.object({
  sub: z.string().min(1),
  name: z.string(),
  roles: z.array(Role).min(1),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

/** JWT issuer and audience: a token minted for another system is refused. */
export const TokenIssuer = "auction-mesh/identity";
export const TokenAudience = "auction-mesh";
