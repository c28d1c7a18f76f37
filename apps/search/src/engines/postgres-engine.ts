import { Category, SearchableStatus, type SearchQuery, type SearchResult } from "@auction-mesh/contracts";
import { toDocument } from "../document-store.js";
import { hasWords, sortOf, statusesOf } from "../domain/search-plan.js";
import { type Document, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import type { SearchEngine } from "./engine.js";

/** The same words as the migration's expression index (documents_words_idx), so it is used. */
const WORDS = Prisma.sql`(setweight(to_tsvector('simple', "title"), 'A') || setweight(to_tsvector('simple', "seller_name"), 'B') || setweight(to_tsvector('simple', "description"), 'C'))`;
/** Trigram word similarity at or above this forgives a typo or two in a title word. */
const TYPO_SIMILARITY = 0.45;

/** `%`, `_` and `\` stand for themselves in a LIKE pattern. */
const likeLiteral = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * PostgreSQL full-text search over search's own projection: words (tsvector, `simple`
 * dictionary: titles are names, not prose) or, for typos, trigram similarity with title words;
 * text without words is matched literally. The fallback when Meilisearch is not configured or
 * not answering, with the same results shape.
 */
export class PostgresEngine implements SearchEngine {
  readonly name = "postgres" as const;

  constructor(private readonly db: PrismaClient) {}

  async search(query: SearchQuery): Promise<Omit<SearchResult, "engine">> {
    const where = this.where(query);
    const offset = (query.page - 1) * query.perPage;
    const rows = await this.db.$queryRaw<(Document & { total: bigint })[]>`
      SELECT "id", count(*) OVER () AS "total" FROM "documents" WHERE ${where}
      ORDER BY ${this.orderBy(query)} LIMIT ${query.perPage} OFFSET ${offset}`;
    const ids = rows.map((r) => r.id);
    const docs = new Map((await this.db.document.findMany({ where: { id: { in: ids } } })).map((d) => [d.id, toDocument(d)]));
    return {
      items: ids.flatMap((id) => {
        const doc = docs.get(id);
        if (!doc) return [];
        const { lastSequence: _, ...hit } = doc;
        return [hit];
      }),
      total: rows.length > 0 ? Number(rows[0]?.total) : await this.count(where),
      page: query.page,
      perPage: query.perPage,
      facets: await this.facets(where),
    };
  }

  private where(query: SearchQuery): Prisma.Sql {
    const parts: Prisma.Sql[] = [Prisma.sql`"status" IN (${Prisma.join(statusesOf(query))})`];
    if (query.q) parts.push(this.textMatch(query.q));
    if (query.category) parts.push(Prisma.sql`"category" = ${query.category}`);
    if (query.seller) parts.push(Prisma.sql`"seller_id" = ${query.seller}`);
    if (query.minPrice !== undefined) parts.push(Prisma.sql`"current_price" >= ${BigInt(query.minPrice)}`);
    if (query.maxPrice !== undefined) parts.push(Prisma.sql`"current_price" <= ${BigInt(query.maxPrice)}`);
    return Prisma.join(parts, " AND ");
  }

  private textMatch(q: string): Prisma.Sql {
    if (!hasWords(q)) return Prisma.sql`("title" ILIKE ${likeLiteral(q)} OR "description" ILIKE ${likeLiteral(q)})`;
    return Prisma.sql`(${WORDS} @@ plainto_tsquery('simple', ${q})
      OR word_similarity(${q}, "title") >= ${TYPO_SIMILARITY}
      OR "title" ILIKE ${likeLiteral(q)})`;
  }

  private orderBy(query: SearchQuery): Prisma.Sql {
    switch (sortOf(query)) {
      case "relevance":
        return Prisma.sql`ts_rank(${WORDS}, plainto_tsquery('simple', ${query.q ?? ""})) + word_similarity(${query.q ?? ""}, "title") DESC, "id"`;
      case "ending-soonest":
        return Prisma.sql`("status" NOT IN ('scheduled', 'live')), "ends_at" ASC, "id"`;
      case "newest":
        return Prisma.sql`"created_at" DESC, "id"`;
      case "price-asc":
        return Prisma.sql`"current_price" ASC, "id"`;
      case "price-desc":
        return Prisma.sql`"current_price" DESC, "id"`;
      case "most-bids":
        return Prisma.sql`"bid_count" DESC, "id"`;
    }
  }

  private async count(where: Prisma.Sql): Promise<number> {
    const [row] = await this.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "documents" WHERE ${where}`;
    return Number(row?.n ?? 0);
  }

  private async facets(where: Prisma.Sql): Promise<SearchResult["facets"]> {
    const rows = await this.db.$queryRaw<{ facet: string; value: string; n: bigint }[]>`
      SELECT 'category' AS facet, "category" AS value, count(*) AS n FROM "documents" WHERE ${where} GROUP BY "category"
      UNION ALL
      SELECT 'status', "status", count(*) FROM "documents" WHERE ${where} GROUP BY "status"`;
    const facets: SearchResult["facets"] = { category: {}, status: {} };
    for (const r of rows) {
      if (r.facet === "category" && Category.safeParse(r.value).success) facets.category[r.value as Category] = Number(r.n);
      if (r.facet === "status" && SearchableStatus.safeParse(r.value).success) facets.status[r.value as SearchableStatus] = Number(r.n);
    }
    return facets;
  }
}
