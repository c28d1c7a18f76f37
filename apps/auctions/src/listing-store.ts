import {
  type AuctionClosedEvent,
  type BidPlacedEvent,
  type BidRecord,
  IncrementRule,
  type Listing,
  type ListingStatus,
  type ListListingsQuery,
  type Lot,
  type SaleOutcome,
  type TokenClaims,
} from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { isAdmin } from "./domain/listing-rules.js";
import { Prisma, type PrismaClient, type Auction as Row } from "./generated/prisma/client.js";

const money = (v: bigint) => Number(v);

function toListing(row: Row): Listing {
  return {
    id: row.id,
    sellerId: row.sellerId,
    sellerName: row.sellerName,
    title: row.title,
    description: row.description,
    category: row.category,
    imageUrls: row.imageUrls,
    startingPrice: money(row.startingPrice),
    reservePrice: row.reservePrice === null ? null : money(row.reservePrice),
    hasReserve: row.reservePrice !== null,
    incrementRule: IncrementRule.parse(row.incrementRule),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    antiSniping: { windowSeconds: row.antiSnipingWindowSeconds, extensionSeconds: row.antiSnipingExtensionSeconds },
    status: row.status,
    winnerId: row.winnerId,
    finalPrice: row.finalPrice === null ? null : money(row.finalPrice),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function editableColumns(l: Listing) {
  return {
    title: l.title,
    description: l.description,
    category: l.category,
    imageUrls: l.imageUrls,
    startingPrice: BigInt(l.startingPrice),
    reservePrice: l.reservePrice === null ? null : BigInt(l.reservePrice),
    incrementRule: l.incrementRule as Prisma.InputJsonValue,
    startsAt: new Date(l.startsAt),
    endsAt: new Date(l.endsAt),
    antiSnipingWindowSeconds: l.antiSniping.windowSeconds,
    antiSnipingExtensionSeconds: l.antiSniping.extensionSeconds,
  };
}

const PUBLIC: ListingStatus[] = ["scheduled", "live", "closed", "sold", "unsold"];
/** Every status of an ended listing: what `status=closed` matches. */
const ENDED: ListingStatus[] = ["closed", "sold", "unsold"];

const auctionChanged = (row: Row, expected: ListingStatus) =>
  new HttpError(409, "AUCTION_CHANGED", `auction ${row.id} is ${row.status} now, not ${expected}; reload and retry`);

const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new HttpError(400, "INVALID_CURSOR", "cursor is not one this API handed out");
  return id;
}

/** Listings and the bid history read model in the catalogue's own PostgreSQL database. */
export class ListingStore {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Stores a new listing; with a `createKey`, a listing its seller made with the same key
   * before is answered instead (a resent create makes nothing new).
   */
  async insert(listing: Listing, createKey?: string): Promise<Listing> {
    try {
      const row = await this.db.auction.create({
        data: {
          id: listing.id,
          sellerId: listing.sellerId,
          sellerName: listing.sellerName,
          status: listing.status,
          createKey: createKey ?? null,
          ...editableColumns(listing),
        },
      });
      return toListing(row);
    } catch (err) {
      const keyTaken = createKey !== undefined && err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
      const earlier = keyTaken ? await this.createdWith(listing.sellerId, createKey) : undefined;
      if (earlier) return earlier;
      throw err;
    }
  }

  /** The listing `sellerId` created with Idempotency-Key `createKey`, if any. */
  async createdWith(sellerId: string, createKey: string): Promise<Listing | undefined> {
    const row = await this.db.auction.findUnique({ where: { sellerId_createKey: { sellerId, createKey } } });
    return row ? toListing(row) : undefined;
  }

  async get(id: string): Promise<Listing | undefined> {
    const row = await this.db.auction.findUnique({ where: { id } });
    return row ? toListing(row) : undefined;
  }

  /** Writes edits only if the status is still `expected` (another request may have published or cancelled it). */
  /** Writes the edited columns if the status is still `expected`; null when it moved meanwhile. */
  async update(listing: Listing, expected: ListingStatus): Promise<Listing | null> {
    const { written, row } = await this.writeIf(listing.id, expected, editableColumns(listing));
    return written ? toListing(row) : null;
  }

  /**
   * Runs `work` on the listing while holding its row lock (SELECT … FOR UPDATE) and, in the
   * same transaction, moves it to the status `work` answers (none: unchanged). Writers of that
   * row (cancel, edit) wait, then see the outcome: the start job and a cancel can no longer
   * both win.
   */
  async whileLocked(id: string, work: (listing: Listing | null) => Promise<ListingStatus | undefined>): Promise<void> {
    await this.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM auctions WHERE id = ${id} FOR UPDATE`;
        const row = await tx.auction.findUnique({ where: { id } });
        const next = await work(row ? toListing(row) : null);
        if (row && next) await tx.auction.update({ where: { id }, data: { status: next } });
      },
      // `work` calls bidding through the sidecar (5 s timeout, retries): room for that.
      { maxWait: 10_000, timeout: 60_000 },
    );
  }

  /**
   * Moves the listing from `from` to `to` if it is still `from`. `moved: false` when it was `to`
   * already: an earlier attempt of the same publish or cancel (daprd resends a late call) got
   * there first, and only the attempt that moved it goes on to schedule and announce.
   */
  async setStatus(id: string, from: ListingStatus, to: ListingStatus): Promise<{ listing: Listing; moved: boolean }> {
    const { written, row } = await this.writeIf(id, from, { status: to });
    if (!written && row.status !== to) throw auctionChanged(row, from);
    return { listing: toListing(row), moved: written };
  }

  /** Writes `data` only if the status is still `expected`; the row as it is afterwards. */
  private async writeIf(
    id: string,
    expected: ListingStatus,
    data: Prisma.AuctionUpdateManyMutationInput,
  ): Promise<{ written: boolean; row: Row }> {
    const { count } = await this.db.auction.updateMany({ where: { id, status: expected }, data });
    const row = await this.db.auction.findUnique({ where: { id } });
    if (!row) throw new HttpError(404, "AUCTION_NOT_FOUND", `no auction ${id}`);
    return { written: count > 0, row };
  }

  /** Newest end first would bury live auctions: ending soonest first, then by id for a stable order. */
  async list(query: ListListingsQuery, user: TokenClaims | undefined): Promise<{ items: Listing[]; nextCursor: string | null }> {
    const filters: Prisma.AuctionWhereInput[] = [];
    if (query.status) filters.push(query.status === "closed" ? { status: { in: ENDED } } : { status: query.status });
    if (query.category) filters.push({ category: query.category });
    if (query.sellerId) filters.push({ sellerId: query.sellerId });
    if (query.q) {
      filters.push({
        OR: [{ title: { contains: query.q, mode: "insensitive" } }, { description: { contains: query.q, mode: "insensitive" } }],
      });
    }
    if (!user || !isAdmin(user)) {
      filters.push(user ? { OR: [{ status: { in: PUBLIC } }, { sellerId: user.sub }] } : { status: { in: PUBLIC } });
    }
    const rows = await this.db.auction.findMany({
      where: { AND: filters },
      orderBy: [{ endsAt: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: decodeCursor(query.cursor) }, skip: 1 } : {}),
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { items: page.map(toListing), nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
  }

  /**
   * One auction's bids (a message's worth) in one statement. Redelivered bids are no-ops: the
   * (auction, sequence) key already holds them. Bids for an auction the catalogue does not
   * list (an admin's direct open) are skipped: the foreign key says so in the same round trip,
   * no lookup first. Answers how many were new.
   */
  async recordBids(events: BidPlacedEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    try {
      const { count } = await this.db.bid.createMany({
        data: events.map((event) => ({
          auctionId: event.auctionId,
          sequence: event.sequence,
          bidderId: event.bidderId,
          amount: BigInt(event.amount),
          auto: event.auto,
          placedAt: new Date(event.at),
        })),
        skipDuplicates: true,
      });
      return count;
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2003") return 0;
      throw err;
    }
  }

  /** Changes nothing for an auction the catalogue does not list, or one closed already. */
  async recordClose(event: AuctionClosedEvent): Promise<void> {
    await this.db.auction.updateMany({
      // Not over a sale payments settled already (its settle can arrive before this event).
      where: { id: event.auctionId, status: { notIn: ENDED } },
      data: { status: "closed", winnerId: event.winnerId, finalPrice: event.finalPrice === null ? null : BigInt(event.finalPrice) },
    });
  }

  /**
   * Records what the settlement saga decided. Idempotent: the same outcome again changes
   * nothing; the other outcome once one is recorded is refused (409 SALE_SETTLED).
   */
  async settle(outcome: SaleOutcome): Promise<Listing> {
    const data =
      outcome.outcome === "sold"
        ? { status: "sold" as const, winnerId: outcome.buyerId, finalPrice: BigInt(outcome.price) }
        : { status: "unsold" as const };
    await this.db.auction.updateMany({ where: { id: outcome.auctionId, status: { in: ["live", "closed"] } }, data });
    const row = await this.db.auction.findUnique({ where: { id: outcome.auctionId } });
    if (!row) throw new HttpError(404, "AUCTION_NOT_FOUND", `no auction ${outcome.auctionId}`);
    if (row.status !== data.status) {
      throw new HttpError(409, "SALE_SETTLED", `auction ${row.id} is ${row.status}; it cannot become ${data.status}`);
    }
    return toListing(row);
  }

  /**
   * The auctions `bidderId` bid on (the latest-ending `limit`), with their highest bid and the
   * auction's top bid (prices only rise: the newest bid is the top one).
   */
  async bidsOf(
    bidderId: string,
    limit: number,
  ): Promise<{ listing: Listing; myHighestBid: number; topBid: number; topBidderId: string }[]> {
    const mine = await this.db.$queryRaw<{ auctionId: string; myMax: bigint }[]>`
      SELECT "auction_id" AS "auctionId", max("amount") AS "myMax" FROM "bids" WHERE "bidder_id" = ${bidderId} GROUP BY "auction_id"`;
    if (mine.length === 0) return [];
    const ids = mine.map((m) => m.auctionId);
    const rows = await this.db.auction.findMany({ where: { id: { in: ids } }, orderBy: [{ endsAt: "desc" }, { id: "asc" }], take: limit });
    const shown = rows.map((r) => r.id);
    const tops = await this.db.$queryRaw<{ auctionId: string; bidderId: string; amount: bigint }[]>`
      SELECT DISTINCT ON ("auction_id") "auction_id" AS "auctionId", "bidder_id" AS "bidderId", "amount"
      FROM "bids" WHERE "auction_id" = ANY(${shown}) ORDER BY "auction_id", "sequence" DESC`;
    const myMax = new Map(mine.map((m) => [m.auctionId, Number(m.myMax)]));
    const top = new Map(tops.map((t) => [t.auctionId, t]));
    return rows.map((row) => {
      const t = top.get(row.id);
      return {
        listing: toListing(row),
        myHighestBid: myMax.get(row.id) ?? 0,
        topBid: Number(t?.amount ?? 0),
        topBidderId: t?.bidderId ?? "",
      };
    });
  }

  /** Every listing anyone may see, in id order after `after` (search's rebuild), with its bidding so far. */
  async exportPage(after: string | undefined, limit: number) {
    const rows = await this.db.auction.findMany({
      where: { status: { in: PUBLIC }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true },
    });
    // The reserve is the seller's secret: search never has it.
    const items = (await this.lots(rows.map((r) => r.id))).map((lot) => ({ ...lot, listing: { ...lot.listing, reservePrice: null } }));
    return { items, nextAfter: rows.length === limit ? (rows.at(-1)?.id ?? null) : null };
  }

  /** Deletes up to `limit` drafts nobody touched since `before` (housekeeping); answers how many. */
  async deleteAbandonedDrafts(before: Date, limit: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM "auctions" WHERE "id" IN (
        SELECT "id" FROM "auctions" WHERE "status" = 'draft' AND "updated_at" < ${before} LIMIT ${limit})`;
  }

  /** Which of `paths` some listing (in any status, drafts too) has among its photos. */
  async imagesInUse(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const rows = await this.db.auction.findMany({ where: { imageUrls: { hasSome: [...paths] } }, select: { imageUrls: true } });
    const used = new Set(rows.flatMap((r) => r.imageUrls));
    return paths.filter((p) => used.has(p));
  }

  /** The listings named, in that order (unknown ids left out), with their top bid and bid count. */
  async lots(ids: readonly string[]): Promise<Lot[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.auction.findMany({ where: { id: { in: [...ids] } } });
    const counts = await this.db.$queryRaw<{ auctionId: string; top: bigint; count: bigint; last: number }[]>`
      SELECT "auction_id" AS "auctionId", max("amount") AS "top", count(*) AS "count", max("sequence") AS "last"
      FROM "bids" WHERE "auction_id" = ANY(${ids}) GROUP BY "auction_id"`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const bidding = new Map(counts.map((c) => [c.auctionId, c]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const b = bidding.get(id);
      return [
        { listing: toListing(row), topBid: b ? Number(b.top) : null, bidCount: Number(b?.count ?? 0), lastBidSequence: b?.last ?? 0 },
      ];
    });
  }

  async bids(auctionId: string, before: number | undefined, limit: number): Promise<{ bids: BidRecord[]; nextBefore: number | null }> {
    const rows = await this.db.bid.findMany({
      where: { auctionId, ...(before ? { sequence: { lt: before } } : {}) },
      orderBy: { sequence: "desc" },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      bids: page.map((r) => ({
        sequence: r.sequence,
        bidderId: r.bidderId,
        amount: money(r.amount),
        auto: r.auto,
        placedAt: r.placedAt.toISOString(),
      })),
      nextBefore: rows.length > limit ? (page.at(-1)?.sequence ?? null) : null,
    };
  }
}
