import type { AuditEntry, AuditTrail } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { appendPage, auctionIdFrom, auditError, formatPayload, shortHash, verificationVerdict } from "../../src/domain/audit-trail";

const hash = (n: number) => n.toString(16).padStart(64, "0");

const entry = (seq: number): AuditEntry => ({
  seq,
  factId: `bid-placed:${seq}`,
  topic: "auction.events",
  type: "bid-placed",
  at: "2026-03-01T10:00:00.000Z",
  recordedAt: "2026-03-01T10:00:00.100Z",
  payload: { type: "bid-placed", sequence: seq },
  previousHash: hash(seq - 1),
  hash: hash(seq),
});

const trail = (seqs: number[], over: Partial<AuditTrail> = {}): AuditTrail => ({
  auctionId: "a1",
  length: 5,
  headHash: hash(5),
  entries: seqs.map(entry),
  nextAfterSeq: seqs.at(-1) ?? null,
  verification: { intact: true, checked: 5, brokenAtSeq: null, reason: null },
  ...over,
});

describe("the audit trail page's rules", () => {
  it("says whether the chain holds, and where and why it breaks", () => {
    expect(verificationVerdict({ intact: true, checked: 12, brokenAtSeq: null, reason: null })).toEqual({
      intact: true,
      text: "Chain intact: 12 entries checked",
    });
    expect(verificationVerdict({ intact: true, checked: 1, brokenAtSeq: null, reason: null }).text).toBe("Chain intact: 1 entry checked");
    expect(verificationVerdict({ intact: true, checked: 0, brokenAtSeq: null, reason: null }).text).toBe("Chain intact: 0 entries checked");
    expect(verificationVerdict({ intact: false, checked: 7, brokenAtSeq: 4, reason: "hash does not match its fields" })).toEqual({
      intact: false,
      text: "Chain broken at entry 4: hash does not match its fields",
    });
    expect(verificationVerdict({ intact: false, checked: 7, brokenAtSeq: null, reason: null }).text).toBe("Chain broken: no reason given");
  });

  it("shortens hashes for the table", () => {
    expect(shortHash("ab".repeat(32))).toBe("abababababab…");
    expect(shortHash("abc")).toBe("abc");
  });

  it("shows a payload as indented JSON", () => {
    expect(formatPayload({ type: "bid-placed", amount: 1200 })).toBe('{\n  "type": "bid-placed",\n  "amount": 1200\n}');
  });

  it("adds the next page after the entries shown, once each, with the newest length, head and verification", () => {
    const broken = { intact: false, checked: 6, brokenAtSeq: 6, reason: "link" };
    const next = appendPage(
      trail([1, 2, 3]),
      trail([3, 4, 5, 6], { length: 6, headHash: hash(6), nextAfterSeq: null, verification: broken }),
    );
    expect(next.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(next).toMatchObject({ length: 6, headHash: hash(6), nextAfterSeq: null, verification: broken });
    expect(appendPage(trail([]), trail([1])).entries.map((e) => e.seq)).toEqual([1]);
  });

  it("takes an auction id typed, or from a pasted link", () => {
    expect(auctionIdFrom("  lot_42-x ")).toEqual({ auctionId: "lot_42-x" });
    expect(auctionIdFrom("https://auctions.example/auctions/lot-7")).toEqual({ auctionId: "lot-7" });
    expect(auctionIdFrom("http://127.0.0.1:7200/auctions/lot-7/?from=mail#bids")).toEqual({ auctionId: "lot-7" });
    expect(auctionIdFrom("/admin/audit/lot-8")).toEqual({ auctionId: "lot-8" });
    expect(auctionIdFrom("")).toHaveProperty("error");
    expect(auctionIdFrom("lot 7")).toHaveProperty("error");
    expect(auctionIdFrom("x".repeat(65))).toHaveProperty("error");
    expect(auctionIdFrom("https://auctions.example/auctions/%E0%A4%A")).toHaveProperty("error");
  });

  it("says why the trail could not be loaded", () => {
    expect(auditError("AUDIT_STORE_UNAVAILABLE", "x")).toMatch(/cannot be read right now/);
    expect(auditError("UPSTREAM_FAILED", "x")).toMatch(/did not answer/);
    expect(auditError("FORBIDDEN", "x")).toBe("Only admins can see audit trails.");
    expect(auditError("SOMETHING_ELSE", "the server's words")).toBe("the server's words");
  });
});
