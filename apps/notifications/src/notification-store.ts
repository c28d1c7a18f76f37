import { type Notification, NotificationKind, type NotificationPage, type NotificationPush, Topics } from "@auction-mesh/contracts";
import type { Notice } from "./domain/notices.js";
import { DEFAULT_EMAIL, preferencesOf } from "./domain/preferences.js";
import type { Prisma, PrismaClient, Notification as Row } from "./generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

export function toNotification(row: Row): Notification {
  return {
    id: Number(row.id),
    kind: NotificationKind.parse(row.kind),
    auctionId: row.auctionId,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** What recording notices did: how many were pushed (outbox) and mailed (mail queue), and the kinds of those that are new. */
export interface Recorded {
  pushed: number;
  mailed: number;
  /** One entry per notification created (not those folded into an unread one, nor those told already). */
  created: NotificationKind[];
}

/**
 * notifications' database: what each person was told, and, in the same transaction, the mail
 * to send and the push to the gateways (outbox). One notification per fact and person: a
 * redelivered event finds its notices there and adds nothing.
 */
export class NotificationStore {
  constructor(private readonly db: PrismaClient) {}

  async record(notices: readonly Notice[]): Promise<Recorded> {
    if (notices.length === 0) return { pushed: 0, mailed: 0, created: [] };
    return this.db.$transaction(async (tx) => {
      const done: Recorded = { pushed: 0, mailed: 0, created: [] };
      for (const notice of notices) {
        const { row, fresh } = await this.save(tx, notice);
        if (!row) continue; // told already
        if (fresh) done.created.push(notice.kind);
        if (fresh && (await this.wantsEmail(tx, notice))) {
          await tx.mailQueue.create({ data: { notificationId: row.id } });
          done.mailed++;
        }
        await this.stagePush(tx, row);
        done.pushed++;
      }
      return done;
    });
  }

  /**
   * Inserts the notice once per key, or folds a coalescing one into the person's unread notice
   * of its kind and auction. Two transactions at once cannot both insert one (a partial unique
   * index): the loser's insert does nothing, and it folds into the winner's row instead.
   */
  private async save(tx: Tx, notice: Notice): Promise<{ row: Row | undefined; fresh: boolean }> {
    if (notice.coalesce) {
      const folded = await this.fold(tx, notice);
      if (folded) return { row: folded, fresh: false };
    }
    const inserted = await this.insert(tx, notice);
    if (inserted || !notice.coalesce) return { row: inserted, fresh: inserted !== undefined };
    return { row: await this.fold(tx, notice), fresh: false };
  }

  /** The person's unread notice of this kind and auction, brought up to date, if there is one. Its key stays the first fact's. */
  private async fold(tx: Tx, notice: Notice): Promise<Row | undefined> {
    const [row] = await tx.notification.updateManyAndReturn({
      where: { recipientId: notice.recipientId, kind: notice.kind, auctionId: notice.auctionId, readAt: null },
      data: { title: notice.title, body: notice.body, createdAt: new Date() },
    });
    return row;
  }

  /** ON CONFLICT DO NOTHING: a key told already, or (outbid) an unread one another transaction just made. */
  private async insert(tx: Tx, notice: Notice): Promise<Row | undefined> {
    const { coalesce: _, ...data } = notice;
    const [row] = await tx.notification.createManyAndReturn({ data: [data], skipDuplicates: true });
    return row;
  }

  private async wantsEmail(tx: Tx, notice: Notice): Promise<boolean> {
    const choice = await tx.emailPreference.findUnique({ where: { userId_kind: { userId: notice.recipientId, kind: notice.kind } } });
    return choice?.email ?? DEFAULT_EMAIL[notice.kind];
  }

  private async stagePush(tx: Tx, row: Row): Promise<void> {
    const unread = await tx.notification.count({ where: { recipientId: row.recipientId, readAt: null } });
    const push: NotificationPush = { recipientId: row.recipientId, notification: toNotification(row), unread };
    await tx.outboxMessage.create({ data: { topic: Topics.notificationPushes, payload: push } });
  }

  async page(recipientId: string, before: number | undefined, limit: number): Promise<NotificationPage> {
    const rows = await this.db.notification.findMany({
      where: { recipientId, ...(before ? { id: { lt: BigInt(before) } } : {}) },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      notifications: page.map(toNotification),
      unread: await this.unread(recipientId),
      nextBefore: rows.length > limit ? Number(page[page.length - 1]?.id) : null,
    };
  }

  /** Marks the person's listed notifications (or all) read; answers how many changed. */
  async markRead(recipientId: string, ids: number[] | "all"): Promise<{ marked: number; unread: number }> {
    const { count } = await this.db.notification.updateMany({
      where: { recipientId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids.map(BigInt) } }) },
      data: { readAt: new Date() },
    });
    return { marked: count, unread: await this.unread(recipientId) };
  }

  private unread(recipientId: string): Promise<number> {
    return this.db.notification.count({ where: { recipientId, readAt: null } });
  }

  async preferences(userId: string) {
    const rows = await this.db.emailPreference.findMany({ where: { userId } });
    return preferencesOf(new Map(rows.map((r) => [NotificationKind.parse(r.kind), r.email])));
  }

  async setPreferences(userId: string, email: Partial<Record<NotificationKind, boolean>>) {
    await this.db.$transaction(
      Object.entries(email).map(([kind, on]) =>
        this.db.emailPreference.upsert({
          where: { userId_kind: { userId, kind } },
          create: { userId, kind, email: on },
          update: { email: on },
        }),
      ),
    );
    return this.preferences(userId);
  }

  /** Remembers who bid on which auction (every bidder but the winner is told they lost). */
  async addBidders(pairs: readonly { auctionId: string; bidderId: string }[]): Promise<void> {
    if (pairs.length > 0) await this.db.auctionBidder.createMany({ data: [...pairs], skipDuplicates: true });
  }

  /** Which of these have not bid on the auction before (as far as this store has seen). */
  async unknownBidders(auctionId: string, bidderIds: readonly string[]): Promise<string[]> {
    if (bidderIds.length === 0) return [];
    const known = await this.db.auctionBidder.findMany({
      where: { auctionId, bidderId: { in: [...bidderIds] } },
      select: { bidderId: true },
    });
    const seen = new Set(known.map((k) => k.bidderId));
    return bidderIds.filter((b) => !seen.has(b));
  }

  async biddersOf(auctionId: string): Promise<string[]> {
    const rows = await this.db.auctionBidder.findMany({ where: { auctionId }, select: { bidderId: true }, orderBy: { bidderId: "asc" } });
    return rows.map((r) => r.bidderId);
  }
}
