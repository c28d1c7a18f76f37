import { z } from "zod";
import { MinorUnits } from "./money.js";

/**
 * The most one sandbox top-up may add: 1,000,000.00 in a currency with cents. Keeps test money
 * plausible, and with MAX_WALLET_BALANCE every sum the ledger makes stays an exact integer.
 */
export const MAX_TOP_UP = 100_000_000;
/**
 * The most a wallet may hold (available plus held): 10^12 minor units, the largest amount
 * anyone may bid (MAX_AMOUNT). Balances, holds and their sums all stay far below 2^53.
 */
export const MAX_WALLET_BALANCE = 1_000_000_000_000;

/** A sandbox top-up: no card processor is reached, the money is made up (README: payments). */
export const TopUpRequest = z
  .object({
    amount: z
      .number()
      .int("must be a whole number of minor units")
      .positive("must be more than 0")
      .max(MAX_TOP_UP, `at most ${MAX_TOP_UP} minor units per top-up`),
  })
  .strict();
export type TopUpRequest = z.infer<typeof TopUpRequest>;

/** A person's wallet: what they may spend, and what is held for auctions they won. */
export const WalletBalance = z.object({
  ownerId: z.string().min(1),
  available: MinorUnits,
  held: MinorUnits,
  /** Owed to this person as a seller, after the platform's fee. */
  sellerPayable: MinorUnits,
});
export type WalletBalance = z.infer<typeof WalletBalance>;

/** The sides of a wallet a statement line can move. */
export const WalletAccount = z.enum(["available", "held", "seller-payable"]);
export type WalletAccount = z.infer<typeof WalletAccount>;

/** Why money moved. */
export const EntryKind = z.enum(["top-up", "hold", "release", "capture"]);
export type EntryKind = z.infer<typeof EntryKind>;

/** One line of a wallet's statement: one posting of a journal entry to one of the wallet's accounts. */
export const StatementLine = z.object({
  /** Orders the statement; pass the last one back as `before` for the next page. */
  id: z.number().int().positive(),
  entryId: z.string().min(1),
  kind: EntryKind,
  account: WalletAccount,
  /** Signed: money in is positive, money out negative. */
  amount: z.number().int().min(-MAX_WALLET_BALANCE).max(MAX_WALLET_BALANCE),
  balanceAfter: MinorUnits,
  description: z.string(),
  at: z.iso.datetime({ offset: true }),
});
export type StatementLine = z.infer<typeof StatementLine>;

export const StatementQuery = z
  .object({
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type StatementQuery = z.infer<typeof StatementQuery>;

export const StatementPage = z.object({
  ownerId: z.string().min(1),
  lines: z.array(StatementLine),
  nextBefore: z.number().int().positive().nullable(),
});
export type StatementPage = z.infer<typeof StatementPage>;

/** What a top-up answers: the entry it made (or made before, for a repeated key) and the new balance. */
export const TopUpResult = z.object({
  entryId: z.string().min(1),
  amount: z.number().int().positive(),
  /** Always "sandbox" today: which processor took the money (README: payments). */
  processor: z.string().min(1),
  balance: WalletBalance,
});
export type TopUpResult = z.infer<typeof TopUpResult>;
