import { Category, ListingStatus } from "@auction-mesh/contracts";
import type { SearchDocument } from "./domain/documents.js";
import type { PrismaClient, Document as Row } from "./generated/prisma/client.js";

export function toDocument(row: Row): SearchDocument {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: Category.parse(row.category),
    sellerId: row.sellerId,
    sellerName: row.sellerName,
    status: ListingStatus.parse(row.status),
    imageUrl: row.imageUrl,
    startingPrice: Number(row.startingPrice),
    currentPrice: Number(row.currentPrice),
    bidCount: row.bidCount,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    winnerId: row.winnerId,
    finalPrice: row.finalPrice === null ? null : Number(row.finalPrice),
    sequence: row.lastSequence,
  };
}

function toColumns(doc: SearchDocument) {
  return {
    title: doc.title,
    description: doc.description,
    category: doc.category,
    sellerId: doc.sellerId,
    sellerName: doc.sellerName,
    status: doc.status,
    imageUrl: doc.imageUrl,
    startingPrice: BigInt(doc.startingPrice),
    currentPrice: BigInt(doc.currentPrice),
    bidCount: doc.bidCount,
    lastSequence: doc.sequence,
    startsAt: new Date(doc.startsAt),
    endsAt: new Date(doc.endsAt),
    createdAt: new Date(doc.createdAt),
    winnerId: doc.winnerId,
    finalPrice: doc.finalPrice === null ? null : BigInt(doc.finalPrice),
  };
}

/**
 * The projection in search's database. Each change bumps the document's version; the index
 * sync sends what Meilisearch has not seen yet (version > indexedVersion).
 */
export class DocumentStore {
  constructor(private readonly db: PrismaClient) {}

  async get(id: string): Promise<SearchDocument | undefined> {
    const row = await this.db.document.findUnique({ where: { id } });
    return row ? toDocument(row) : undefined;
  }

  /** The documents of these ids that exist, by id (one query for a rebuild's page). */
  async getMany(ids: readonly string[]): Promise<Map<string, SearchDocument>> {
    const rows = await this.db.document.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((row) => [row.id, toDocument(row)]));
  }

  /**
   * Changes one document under its row lock (two deliveries for one auction at once apply one
   * after the other). `change` answers the new document, or undefined to leave it as it is.
   */
  async update(id: string, change: (known: SearchDocument | undefined) => SearchDocument | undefined): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "documents" WHERE "id" = ${id} FOR UPDATE`;
      const row = await tx.document.findUnique({ where: { id } });
      const known = row ? toDocument(row) : undefined;
      const next = change(known);
      if (!next) return false;
      const columns = toColumns(next);
      await tx.document.upsert({
        where: { id },
        create: { id, ...columns },
        update: { ...columns, version: { increment: 1 } },
      });
      return true;
    });
  }

  /** Inserts or replaces many at once (a rebuild's page): each becomes unindexed. */
  async replaceMany(docs: readonly SearchDocument[]): Promise<void> {
    await this.db.$transaction(
      docs.map((doc) =>
        this.db.document.upsert({
          where: { id: doc.id },
          create: { id: doc.id, ...toColumns(doc) },
          update: { ...toColumns(doc), version: { increment: 1 } },
        }),
      ),
    );
  }

  /** What Meilisearch has not seen yet (in any order: each document converges on its own). */
  async unindexed(limit: number): Promise<{ doc: SearchDocument; version: bigint }[]> {
    const rows = await this.db.document.findMany({
      where: { version: { gt: this.db.document.fields.indexedVersion } },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => ({ doc: toDocument(r), version: r.version }));
  }

  /** Records that Meilisearch has these versions (a newer change made meanwhile stays unindexed). */
  async markIndexed(sent: readonly { id: string; version: bigint }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.db.$executeRaw`
      UPDATE "documents" AS d SET "indexed_version" = s.version
      FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.version)}::bigint[]) AS s(id, version)
      WHERE d."id" = s.id AND d."indexed_version" < s.version`;
  }

  /** Every document is sent to Meilisearch again (after it was emptied). */
  async markAllUnindexed(): Promise<void> {
    await this.db.$executeRaw`UPDATE "documents" SET "indexed_version" = 0`;
  }

  async unindexedCount(): Promise<number> {
    return this.db.document.count({ where: { version: { gt: this.db.document.fields.indexedVersion } } });
  }
}
