import { PlaceBidCommand, type VerifiedBid } from "@auction-mesh/contracts";
import { HttpError, type TokenVerifier } from "@auction-mesh/service-kit";
import type { Refused } from "./domain/turn.js";

/**
 * Turns one raw command of a batch into a bid the rules can take, or its refusal. Each command
 * is checked on its own (one malformed bid does not fail its turn), and the bidder is whoever
 * the bidder's own signed token says, checked with identity's public key: any app's sidecar can
 * call the actor (Dapr's access control does not cover actor calls), so no caller is believed.
 */
export async function admitBid(raw: unknown, auctionId: string, verifier: TokenVerifier): Promise<VerifiedBid | Refused> {
  const refuse = (code: "INVALID_BID" | "BIDDER_NOT_VERIFIED", message: string): Refused => ({
    refused: { accepted: false, auctionId, code, message },
  });
  const parsed = PlaceBidCommand.safeParse(raw);
  if (!parsed.success) {
    return refuse("INVALID_BID", parsed.error.issues.map((i) => `${i.path.join(".") || "(bid)"}: ${i.message}`).join("; "));
  }
  const { bidderToken, ...bid } = parsed.data;
  if (bid.auctionId !== auctionId) return refuse("INVALID_BID", `this bid is for auction ${bid.auctionId}, not ${auctionId}`);
  try {
    const claims = await verifier.verify(bidderToken);
    if (!claims.roles.includes("bidder")) return refuse("BIDDER_NOT_VERIFIED", "this account cannot bid");
    return { ...bid, bidderId: claims.sub };
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) return refuse("BIDDER_NOT_VERIFIED", err.message);
    throw err; // the public key cannot be read yet: a failure of the turn, retried by the caller
  }
}
