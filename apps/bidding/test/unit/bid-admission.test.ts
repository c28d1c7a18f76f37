import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { admitBid } from "../../src/bid-admission.js";
import { token, verifier } from "./bidder-tokens.js";

const otherKeys = generateKeyPairSync("ed25519");

const command = (bidderToken: string, extra: object = {}) => ({
  auctionId: "a1",
  amount: 1000,
  idempotencyKey: "admit-key-1",
  bidderToken,
  ...extra,
});

describe("admitBid: the actor takes the bidder from a signed token, never from its caller", () => {
  it("admits a bidder's signed bid as that bidder", async () => {
    expect(await admitBid(command(await token("alice", ["bidder"])), "a1", verifier)).toMatchObject({ bidderId: "alice", amount: 1000 });
  });

  it("refuses a token signed with another key (a forged bid) with BIDDER_NOT_VERIFIED", async () => {
    const forged = await token("alice", ["bidder"], otherKeys.privateKey);
    expect(await admitBid(command(forged), "a1", verifier)).toMatchObject({ refused: { code: "BIDDER_NOT_VERIFIED" } });
  });

  it("refuses an account that is not a bidder", async () => {
    expect(await admitBid(command(await token("sam", ["seller"])), "a1", verifier)).toMatchObject({
      refused: { code: "BIDDER_NOT_VERIFIED" },
    });
  });

  it("refuses a command that names a bidder instead of carrying a token, or another auction, as INVALID_BID", async () => {
    const named = { auctionId: "a1", amount: 1000, idempotencyKey: "admit-key-1", bidderId: "alice" };
    expect(await admitBid(named, "a1", verifier)).toMatchObject({ refused: { code: "INVALID_BID" } });
    expect(await admitBid(command(await token("alice", ["bidder"])), "a2", verifier)).toMatchObject({ refused: { code: "INVALID_BID" } });
  });

  it("refuses the poison amount 2^53 − 1 as INVALID_BID", async () => {
    const poison = command(await token("alice", ["bidder"]), { amount: Number.MAX_SAFE_INTEGER });
    expect(await admitBid(poison, "a1", verifier)).toMatchObject({ refused: { code: "INVALID_BID" } });
  });
});
