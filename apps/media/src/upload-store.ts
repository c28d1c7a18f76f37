import type { PrismaClient } from "./generated/prisma/client.js";

export interface UploadRecord {
  id: string;
  ownerId: string;
  width: number;
  height: number;
  bytes: number;
}

/** media's record of each photo (PostgreSQL): who uploaded it, and whether a listing uses it yet. */
export class UploadStore {
  constructor(private readonly db: PrismaClient) {}

  /** The same photo again (same id) keeps its first record: its files are the same bytes. */
  async add(upload: UploadRecord): Promise<void> {
    await this.db.upload.upsert({ where: { id: upload.id }, create: upload, update: {} });
  }

  async has(id: string): Promise<boolean> {
    return (await this.db.upload.count({ where: { id } })) > 0;
  }

  /** Uploads from before `cutoff` that no listing was found using, oldest first. */
  async unusedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.db.upload.findMany({
      where: { uploadedAt: { lt: cutoff }, inUseSince: null },
      orderBy: { uploadedAt: "asc" },
      take: limit,
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async markInUse(ids: string[], now: Date): Promise<void> {
    if (ids.length > 0) await this.db.upload.updateMany({ where: { id: { in: ids }, inUseSince: null }, data: { inUseSince: now } });
  }

  async remove(id: string): Promise<void> {
    await this.db.upload.deleteMany({ where: { id } });
  }
}
