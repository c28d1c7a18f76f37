import { WATCHLIST_LIMIT, type Watches } from "@auction-mesh/contracts";
import type { PrismaClient } from "./generated/prisma/client.js";

/** The watchlist in notifications' database: who watches which auction. */
export class WatchStore {
  constructor(private readonly db: PrismaClient) {}

  /** Adds the watch (a repeat changes nothing); false when the person's list is full. */
  async watch(userId: string, auctionId: string): Promise<boolean> {
    if (await this.isWatching(userId, auctionId)) return true;
    if ((await this.db.watch.count({ where: { userId } })) >= WATCHLIST_LIMIT) return false;
    await this.db.watch.createMany({ data: [{ userId, auctionId }], skipDuplicates: true });
    return true;
  }

  async unwatch(userId: string, auctionId: string): Promise<void> {
    await this.db.watch.deleteMany({ where: { userId, auctionId } });
  }

  async isWatching(userId: string, auctionId: string): Promise<boolean> {
    return (await this.db.watch.count({ where: { userId, auctionId } })) > 0;
  }

  /** Most recently watched first; never more than the limit (two watches racing past the count may add one more). */
  async watchesOf(userId: string): Promise<Watches> {
    const rows = await this.db.watch.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { auctionId: "asc" }],
      take: WATCHLIST_LIMIT,
    });
    return { items: rows.map((r) => ({ auctionId: r.auctionId, since: r.createdAt.toISOString() })) };
  }

  async watchersOf(auctionId: string): Promise<string[]> {
    const rows = await this.db.watch.findMany({ where: { auctionId }, select: { userId: true }, orderBy: { userId: "asc" } });
    return rows.map((r) => r.userId);
  }
}
