/**
 * The double-entry ledger's rules. Pure: no Prisma, no Dapr, no Express.
 *
 * Money moves only as a journal entry: postings to accounts that sum to zero. Balances are
 * never stored as such; they are what the postings add up to (the store keeps each posting's
 * running balance, computed once, never edited). Amounts are integer minor units.
 */
import { type EntryKind, MAX_WALLET_BALANCE, type WalletAccount } from "@auction-mesh/contracts";

export type AccountId = string;

/** Where each kind of money lives. */
export const Accounts = {
  /** What the person may spend or hold. */
  available: (ownerId: string): AccountId => `wallet:${ownerId}:available`,
  /** Reserved for an auction the person won, until it is captured or released. */
  held: (ownerId: string): AccountId => `wallet:${ownerId}:held`,
  /** Owed to the person as a seller (sale price minus the platform's fee). */
  sellerPayable: (ownerId: string): AccountId => `wallet:${ownerId}:seller-payable`,
  /** The platform's fees. */
  platformFees: "platform:fees" as AccountId,
  /**
   * The outside world's side of a top-up: money that came in through a processor. It is the
   * only kind of account allowed below zero (its balance is minus all money ever brought in).
   */
  processor: (name: string): AccountId => `external:${name}`,
} as const;

const WALLET = /^wallet:(.+):(available|held|seller-payable)$/;

/** The wallet and side an account belongs to, or undefined for platform and external accounts. */
export function walletSide(account: AccountId): { ownerId: string; side: WalletAccount } | undefined {
  const match = WALLET.exec(account);
  return match ? { ownerId: match[1] as string, side: match[2] as WalletAccount } : undefined;
}

export interface Posting {
  account: AccountId;
  /** Signed minor units: positive adds to the account's balance. */
  amount: number;
}

export interface JournalEntry {
  kind: EntryKind;
  /** Names the business fact; one entry per reference, ever (idempotency). */
  reference: string;
  description: string;
  postings: Posting[];
}

export type Refusal = { code: "INSUFFICIENT_FUNDS" | "WALLET_LIMIT" | "UNBALANCED"; message: string };

export function topUp(ownerId: string, amount: number, processor: string, reference: string): JournalEntry {
  return {
    kind: "top-up",
    reference,
    description: `Top-up through ${processor}`,
    postings: [
      { account: Accounts.processor(processor), amount: -amount },
      { account: Accounts.available(ownerId), amount },
    ],
  };
}

export function hold(ownerId: string, amount: number, reference: string, description: string): JournalEntry {
  return {
    kind: "hold",
    reference,
    description,
    postings: [
      { account: Accounts.available(ownerId), amount: -amount },
      { account: Accounts.held(ownerId), amount },
    ],
  };
}

export function release(ownerId: string, amount: number, reference: string, description: string): JournalEntry {
  return {
    kind: "release",
    reference,
    description,
    postings: [
      { account: Accounts.held(ownerId), amount: -amount },
      { account: Accounts.available(ownerId), amount },
    ],
  };
}

/** The buyer's held money goes to the seller, less the platform's fee. */
export function capture(
  sale: { buyerId: string; sellerId: string; amount: number; fee: number },
  reference: string,
  description: string,
): JournalEntry {
  // Zero shares are left out (a 100 % fee pays the seller nothing): postings are never zero.
  const postings: Posting[] = [{ account: Accounts.held(sale.buyerId), amount: -sale.amount }];
  if (sale.amount > sale.fee) postings.push({ account: Accounts.sellerPayable(sale.sellerId), amount: sale.amount - sale.fee });
  if (sale.fee > 0) postings.push({ account: Accounts.platformFees, amount: sale.fee });
  return { kind: "capture", reference, description, postings };
}

/** Whether an entry is well formed: non-zero integer postings, no account twice, summing to zero. */
export function unbalanced(entry: JournalEntry): string | undefined {
  if (entry.postings.length < 2) return "an entry needs at least two postings";
  const seen = new Set<AccountId>();
  let sum = 0;
  for (const p of entry.postings) {
    if (!Number.isSafeInteger(p.amount) || p.amount === 0) return `posting to ${p.account} must be a non-zero whole number`;
    if (seen.has(p.account)) return `account ${p.account} appears twice`;
    seen.add(p.account);
    sum += p.amount;
  }
  return sum === 0 ? undefined : `postings sum to ${sum}, not 0`;
}

/**
 * The balances after `entry`, given the balances of the accounts it touches (missing: 0), or
 * why it cannot be posted: wallet accounts never go below zero, a wallet never holds more
 * than MAX_WALLET_BALANCE, and no balance leaves the exact integers.
 */
export function post(
  balances: ReadonlyMap<AccountId, number>,
  entry: JournalEntry,
): { balances: Map<AccountId, number> } | { refused: Refusal } {
  const broken = unbalanced(entry);
  if (broken) return { refused: { code: "UNBALANCED", message: broken } };
  const after = new Map<AccountId, number>();
  for (const p of entry.postings) {
    const balance = (balances.get(p.account) ?? 0) + p.amount;
    const wallet = walletSide(p.account);
    if (wallet && balance < 0) {
      return {
        refused: {
          code: "INSUFFICIENT_FUNDS",
          message: `not enough money ${wallet.side === "available" ? "available" : wallet.side} (short by ${-balance})`,
        },
      };
    }
    // The cap is on what a person holds to spend; what a seller is owed only has to stay exact.
    const spendable = wallet !== undefined && wallet.side !== "seller-payable";
    if (Math.abs(balance) > (spendable ? MAX_WALLET_BALANCE : Number.MAX_SAFE_INTEGER)) {
      return { refused: { code: "WALLET_LIMIT", message: `a wallet holds at most ${MAX_WALLET_BALANCE} minor units` } };
    }
    after.set(p.account, balance);
  }
  // The same limit over a wallet's spendable money as a whole (available plus held).
  for (const p of entry.postings) {
    const wallet = walletSide(p.account);
    if (!wallet || wallet.side === "seller-payable") continue;
    const other = wallet.side === "available" ? Accounts.held(wallet.ownerId) : Accounts.available(wallet.ownerId);
    const total = (after.get(p.account) ?? 0) + (after.get(other) ?? balances.get(other) ?? 0);
    if (total > MAX_WALLET_BALANCE)
      return { refused: { code: "WALLET_LIMIT", message: `a wallet holds at most ${MAX_WALLET_BALANCE} minor units` } };
  }
  return { balances: after };
}
