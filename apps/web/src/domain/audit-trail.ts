import { AuctionId, type AuditTrail, type AuditVerification } from "@auction-mesh/contracts";

/** How many entries one page of the audit trail asks for. */
export const AUDIT_PAGE_SIZE = 100;

/** What the chain check says, in words: intact is news (status), broken is an alarm (alert). */
export function verificationVerdict(v: AuditVerification): { intact: boolean; text: string } {
  if (v.intact) return { intact: true, text: `Chain intact: ${v.checked} ${v.checked === 1 ? "entry" : "entries"} checked` };
  const where = v.brokenAtSeq === null ? "Chain broken" : `Chain broken at entry ${v.brokenAtSeq}`;
  return { intact: false, text: `${where}: ${v.reason ?? "no reason given"}` };
}

/** A hash short enough for a table cell (the full one goes in its title). */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** An entry's payload as an admin reads it: indented JSON. */
export const formatPayload = (payload: unknown): string => JSON.stringify(payload, null, 2) ?? String(payload);

/**
 * The trail shown after one more page: its entries after those shown (an entry already shown
 * is not shown twice), and the newest answer's length, head, next page and verification
 * (every answer checks the whole chain again).
 */
export function appendPage(shown: AuditTrail, page: AuditTrail): AuditTrail {
  const last = shown.entries.at(-1)?.seq ?? 0;
  return { ...page, entries: [...shown.entries, ...page.entries.filter((e) => e.seq > last)] };
}

/**
 * The auction an admin typed or pasted: its id, or the id in a link to its room
 * ("https://…/auctions/<id>", "/admin/audit/<id>").
 */
export function auctionIdFrom(text: string): { auctionId: string } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: "Enter an auction id, or paste a link to the auction." };
  const fromLink = /\/(?:auctions|admin\/audit)\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(trimmed)?.[1];
  let candidate = fromLink ?? trimmed;
  try {
    candidate = decodeURIComponent(candidate);
  } catch {
    // not percent-encoded: checked as it is
  }
  const parsed = AuctionId.safeParse(candidate);
  if (!parsed.success) return { error: "That is not an auction id: ids use letters, digits, '-' and '_' (at most 64)." };
  return { auctionId: parsed.data };
}

/** Why the trail could not be loaded, in words. */
export function auditError(code: string, fallback: string): string {
  switch (code) {
    case "AUDIT_STORE_UNAVAILABLE":
      return "The audit log cannot be read right now. Try again in a moment.";
    case "UPSTREAM_FAILED":
    case "UPSTREAM_CONTRACT_BROKEN":
      return "The audit service did not answer properly. Try again in a moment.";
    case "FORBIDDEN":
      return "Only admins can see audit trails.";
    case "UNAUTHENTICATED":
    case "TOKEN_INVALID":
      return "Your session has ended. Sign in again.";
    default:
      return fallback;
  }
}
