import { z } from "zod";
import { AuctionId } from "./auction.js";

/** At most this many entries in one page of an auction's audit trail. */
export const AUDIT_PAGE_LIMIT = 500;

/** An admin asks audit (the Go service) what happened to one auction: entries after `afterSeq`. */
export const AuditTrailQuery = z
  .object({
    auctionId: AuctionId,
    afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.number().int().min(1).max(AUDIT_PAGE_LIMIT).default(200),
  })
  .strict();
export type AuditTrailQuery = z.infer<typeof AuditTrailQuery>;

/**
 * One fact audit recorded, in the order it recorded them. `hash` is sha256 over the previous
 * entry's hash and this entry's fields (apps/audit/README.md gives the exact bytes), so an entry
 * changed, removed or inserted after the fact breaks the chain from there on. The fields are what
 * the store holds now, which is what an audit must show even when someone changed them: hence
 * plain strings, and a payload that is whatever JSON (or, no longer JSON, the string) it now is.
 */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  /** What the fact is, the same however often it is delivered ("bid-placed:12", "<auctionId>:payment-due"). */
  factId: z.string(),
  topic: z.string(),
  type: z.string(),
  /** When it happened (the event's own time, RFC 3339 as recorded). */
  at: z.string(),
  recordedAt: z.string(),
  /** The event as it was published. */
  payload: z.unknown(),
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The whole chain checked again from its first entry, on every request. */
export const AuditVerification = z.object({
  intact: z.boolean(),
  /** How many entries were checked (all of them). */
  checked: z.number().int().min(0),
  /** The first entry whose hash or link does not hold; null when intact. */
  brokenAtSeq: z.number().int().positive().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditTrail = z.object({
  auctionId: AuctionId,
  /** Entries in all; the chain's newest hash (64 zeros before the first entry). */
  length: z.number().int().min(0),
  headHash: z.string(),
  entries: z.array(AuditEntry).max(AUDIT_PAGE_LIMIT),
  /** `afterSeq` for the next page; null on the last. */
  nextAfterSeq: z.number().int().positive().nullable(),
  verification: AuditVerification,
});
export type AuditTrail = z.infer<typeof AuditTrail>;
