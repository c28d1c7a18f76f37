import { type AuthSession, type Role, TokenAudience, TokenIssuer, type UserProfile } from "@auction-mesh/contracts";
import { TOKEN_ALGORITHM } from "@auction-mesh/service-kit";
import { type CryptoKey, importPKCS8, SignJWT } from "jose";

/** Mints the bearer tokens every service checks (TokenVerifier in service-kit). */
export class TokenSigner {
  private constructor(
    private readonly key: CryptoKey,
    private readonly ttlSeconds: number,
  ) {}

  static async fromPem(pkcs8Pem: string, ttlSeconds: number): Promise<TokenSigner> {
    return new TokenSigner(await importPKCS8(pkcs8Pem, TOKEN_ALGORITHM), ttlSeconds);
  }

  async session(user: UserProfile, now = new Date()): Promise<AuthSession> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ name: user.displayName, roles: user.roles satisfies Role[] })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: "JWT" })
      .setSubject(user.id)
      .setIssuer(TokenIssuer)
      .setAudience(TokenAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString(), user };
  }
}
