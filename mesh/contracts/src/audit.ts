import { z } from "zod";
import { AuctionId } from "./auction.js";

/** At most this many entries in one page of an auction's audit trail. */
export const AUDIT_PAGE_LIMIT = 500;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

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
 * changed, removed or inserted after the fact breaks the chain from there on.
 */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  /** What the fact is, the same however often it is delivered ("bid-placed:12", "<auctionId>:payment-due"). */
  factId: z.string().min(1),
  topic: z.string().min(1),
  type: z.string().min(1),
  /** When it happened (the event's own time). */
  at: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  /** The event as it was published. */
  payload: z.record(z.string(), z.unknown()),
  previousHash: Sha256Hex,
  hash: Sha256Hex,
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
  headHash: Sha256Hex,
  entries: z.array(AuditEntry).max(AUDIT_PAGE_LIMIT),
  /** `afterSeq` for the next page; null on the last. */
  nextAfterSeq: z.number().int().positive().nullable(),
  verification: AuditVerification,
});
export type AuditTrail = z.infer<typeof AuditTrail>;
