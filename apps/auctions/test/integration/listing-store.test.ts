/**
 * The catalogue's store against its real PostgreSQL database. What matters here is the
 * resent create: daprd resends a create whose answer is late while the first attempt may
 * still finish, so the same create (same Idempotency-Key) can arrive twice, even at once.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CreateListingRequest, type TokenClaims } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newListing } from "../../src/domain/listing-rules.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { ListingStore } from "../../src/listing-store.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `catalogue_it_${process.pid}`);
let db: PrismaClient;
let store: ListingStore;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  store = new ListingStore(db);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const seller = (sub: string): TokenClaims => ({ sub, name: sub, roles: ["seller", "bidder"] });
const request = CreateListingRequest.parse({
  title: "Brass lamp",
  category: "home",
  startingPrice: 1000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 7_200_000).toISOString(),
});
/** One attempt at the create: each attempt draws its own id, as Catalogue.create does. */
const attempt = (user: TokenClaims, key?: string) => store.insert(newListing(randomUUID(), request, user, new Date()), key);
const listingsOf = (sellerId: string) => db.auction.count({ where: { sellerId } });

describe("a create resent with the same Idempotency-Key", () => {
  it("answers the resend with the listing the first attempt made", async () => {
    const first = await attempt(seller("s-1"), "create-0001");
    const resent = await attempt(seller("s-1"), "create-0001");
    expect(resent).toEqual(first);
    expect(await listingsOf("s-1")).toBe(1);
  });

  it("makes one listing when the attempts arrive at once", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => attempt(seller("s-2"), "create-0002")));
    expect(new Set(answers.map((l) => l.id)).size).toBe(1);
    expect(await listingsOf("s-2")).toBe(1);
  });

  it("keeps keys per seller, and makes a new listing for a new key or none", async () => {
    const mine = await attempt(seller("s-3"), "create-0003");
    const theirs = await attempt(seller("s-4"), "create-0003");
    expect(theirs.id).not.toBe(mine.id);
    await attempt(seller("s-3"), "create-0004");
    await attempt(seller("s-3"));
    await attempt(seller("s-3"));
    expect(await listingsOf("s-3")).toBe(4);
  });
});

describe("a status move resent after the first attempt made it", () => {
  it("answers moved: false with the listing as the first attempt left it; a listing moved elsewhere is refused", async () => {
    const listing = await attempt(seller("s-5"));
    expect(await store.setStatus(listing.id, "draft", "scheduled")).toMatchObject({ moved: true, listing: { status: "scheduled" } });
    expect(await store.setStatus(listing.id, "draft", "scheduled")).toMatchObject({ moved: false, listing: { status: "scheduled" } });
    await expect(store.setStatus(listing.id, "draft", "cancelled")).rejects.toMatchObject({ status: 409, code: "AUCTION_CHANGED" });
  });
});

describe("photos in use (media's housekeeping asks)", () => {
  it("answers the paths some listing has among its photos, drafts included, and no others", async () => {
    const used = "/api/images/00000000000000000000000000000001-display.webp";
    const alsoUsed = "/api/images/00000000000000000000000000000002-display.webp";
    const unused = "/api/images/00000000000000000000000000000003-display.webp";
    await store.insert(newListing(randomUUID(), { ...request, imageUrls: [used, "https://example.com/a.jpg"] }, seller("s-6"), new Date()));
    const other = await store.insert(newListing(randomUUID(), { ...request, imageUrls: [alsoUsed] }, seller("s-7"), new Date()));
    await store.setStatus(other.id, "draft", "scheduled");
    expect(await store.imagesInUse([unused, alsoUsed, used])).toEqual([alsoUsed, used]);
    expect(await store.imagesInUse([])).toEqual([]);
  });
});
