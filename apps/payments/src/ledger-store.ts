import type { EntryKind, StatementLine, WalletBalance } from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { type AccountId, Accounts, type JournalEntry, post, type Refusal, walletSide } from "./domain/ledger.js";
import { type EntryKind as EntryKindRow, Prisma, type PrismaClient } from "./generated/prisma/client.js";

/** A posted entry (posted by this call, or found posted before under the same reference). */
export interface Posted {
  entryId: string;
  postings: { accountId: string; amount: number }[];
}

/** What a refused entry answers: 409 with the ledger's code. */
const refusedError = (refused: Refusal) => new HttpError(409, refused.code, refused.message);

const toRow: Record<EntryKind, EntryKindRow> = { "top-up": "top_up", hold: "hold", release: "release", capture: "capture" };
const fromRow: Record<EntryKindRow, EntryKind> = { top_up: "top-up", hold: "hold", release: "release", capture: "capture" };

/** Every account an entry touches, plus the other side of each wallet it touches (the wallet limit counts both). */
function accountsToLock(entry: JournalEntry): AccountId[] {
  const ids = new Set<AccountId>();
  for (const p of entry.postings) {
    ids.add(p.account);
    const wallet = walletSide(p.account);
    if (wallet && wallet.side !== "seller-payable") {
      ids.add(Accounts.available(wallet.ownerId));
      ids.add(Accounts.held(wallet.ownerId));
    }
  }
  return [...ids].sort(); // one lock order for every transaction: no deadlocks
}

/**
 * The ledger in PostgreSQL. Posting an entry locks the rows of the accounts it touches (in one
 * order), reads their running balances, applies the pure rules (domain/ledger.ts) and writes
 * the entry with each posting's balance after it, in one transaction. The database refuses an
 * unbalanced entry at commit and any change to a written posting (the migration's triggers).
 */
export class LedgerStore {
  constructor(private readonly db: PrismaClient) {}

  async post(entry: JournalEntry): Promise<Posted> {
    const known = await this.find(entry.reference);
    if (known) return known;
    try {
      return await this.db.$transaction(async (tx) => {
        const ids = accountsToLock(entry);
        await tx.ledgerAccount.createMany({
          data: ids.map((id) => ({ id, ownerId: walletSide(id)?.ownerId ?? null })),
          skipDuplicates: true,
        });
        await tx.$queryRaw`SELECT id FROM ledger_accounts WHERE id IN (${Prisma.join(ids)}) ORDER BY id FOR UPDATE`;
        const result = post(await this.balancesIn(tx, ids), entry);
        if ("refused" in result) throw refusedError(result.refused);
        const created = await tx.journalEntry.create({
          data: {
            kind: toRow[entry.kind],
            reference: entry.reference,
            description: entry.description,
            postings: {
              create: entry.postings.map((p) => ({
                accountId: p.account,
                amount: BigInt(p.amount),
                balanceAfter: BigInt(result.balances.get(p.account) ?? 0),
              })),
            },
          },
        });
        return { entryId: created.id, postings: entry.postings.map((p) => ({ accountId: p.account, amount: p.amount })) };
      });
    } catch (err) {
      // Two calls with one reference at once: the second finds the first's entry.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
        const winner = await this.find(entry.reference);
        if (winner) return winner;
      }
      throw err;
    }
  }

  /** The entry posted under `reference`, if any. */
  async find(reference: string): Promise<Posted | undefined> {
    const row = await this.db.journalEntry.findUnique({ where: { reference }, include: { postings: { orderBy: { id: "asc" } } } });
    if (!row) return undefined;
    return { entryId: row.id, postings: row.postings.map((p) => ({ accountId: p.accountId, amount: Number(p.amount) })) };
  }

  async balance(ownerId: string): Promise<WalletBalance> {
    const balances = await this.balancesIn(this.db, [Accounts.available(ownerId), Accounts.held(ownerId), Accounts.sellerPayable(ownerId)]);
    return {
      ownerId,
      available: balances.get(Accounts.available(ownerId)) ?? 0,
      held: balances.get(Accounts.held(ownerId)) ?? 0,
      sellerPayable: balances.get(Accounts.sellerPayable(ownerId)) ?? 0,
    };
  }

  /** The wallet's postings, newest first, `limit` per page. */
  async statement(
    ownerId: string,
    before: number | undefined,
    limit: number,
  ): Promise<{ lines: StatementLine[]; nextBefore: number | null }> {
    const rows = await this.db.posting.findMany({
      where: { account: { ownerId }, ...(before ? { id: { lt: BigInt(before) } } : {}) },
      include: { entry: true },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      lines: page.map((p) => ({
        id: Number(p.id),
        entryId: p.entryId,
        kind: fromRow[p.entry.kind],
        account: walletSide(p.accountId)?.side ?? "available",
        amount: Number(p.amount),
        balanceAfter: Number(p.balanceAfter),
        description: p.entry.description,
        at: p.entry.createdAt.toISOString(),
      })),
      nextBefore: rows.length > limit ? Number(page.at(-1)?.id) : null,
    };
  }

  /**
   * Each account's balance: the running balance of its newest posting (0 without one), one
   * index probe per account ((account_id, id) backwards), however long its history.
   */
  private async balancesIn(db: Pick<PrismaClient, "$queryRaw">, ids: AccountId[]): Promise<Map<AccountId, number>> {
    const rows = await db.$queryRaw<{ account_id: string; balance_after: bigint }[]>`
      SELECT a.id AS account_id, p.balance_after FROM unnest(${ids}::text[]) AS a(id)
      JOIN LATERAL (SELECT balance_after FROM postings WHERE account_id = a.id ORDER BY id DESC LIMIT 1) p ON true`;
    return new Map(rows.map((r) => [r.account_id, Number(r.balance_after)]));
  }

  /** Throws what `post` would throw if `entry` would be refused right now (no lock taken: `post` still decides). */
  async assertPostable(entry: JournalEntry): Promise<void> {
    const result = post(await this.balancesIn(this.db, accountsToLock(entry)), entry);
    if ("refused" in result) throw refusedError(result.refused);
  }
}
