import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { TokenAudience, TokenIssuer } from "@auction-mesh/contracts";
import { TokenVerifier } from "@auction-mesh/service-kit";
import { importPKCS8, SignJWT } from "jose";

/** identity's signing key, as the tests play it; the actor checks bidders' tokens against its public half. */
export const keys = generateKeyPairSync("ed25519");
const pem = (k: KeyObject, type: "spki" | "pkcs8") => String(k.export({ type, format: "pem" }));
export const verifier = new TokenVerifier(async () => pem(keys.publicKey, "spki"));

/** A token identity would sign for `sub` (or, with another key, a forgery). */
export async function token(sub: string, roles: string[] = ["bidder"], privateKey = keys.privateKey): Promise<string> {
  return new SignJWT({ name: sub, roles })
    .setProtectedHeader({ alg: "EdDSA" })
    .setSubject(sub)
    .setIssuer(TokenIssuer)
    .setAudience(TokenAudience)
    .setExpirationTime("1h")
    .sign(await importPKCS8(pem(privateKey, "pkcs8"), "EdDSA"));
}
