/**
 * The catalogue's housekeeping on the real PostgreSQL (what the cleanup-schedule cron binding
 * runs): abandoned drafts and long-resolved dead letters go; published listings, recent drafts
 * and waiting dead letters stay, however old.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CreateListingRequest, type TokenClaims } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { createLogger } from "@auction-mesh/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeadLetterStore } from "../../src/dead-letters.js";
import { newListing } from "../../src/domain/listing-rules.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { Housekeeping } from "../../src/housekeeping.js";
import { ListingStore } from "../../src/listing-store.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `catalogue_housekeeping_${process.pid}`);
let db: PrismaClient;
let listings: ListingStore;
let deadLetters: DeadLetterStore;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  listings = new ListingStore(db);
  deadLetters = new DeadLetterStore(db);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const DAY = 86_400_000;
const seller: TokenClaims = { sub: "s-h", name: "Sam", roles: ["seller", "bidder"] };
const request = CreateListingRequest.parse({
  title: "Old draft",
  category: "home",
  startingPrice: 1000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 7_200_000).toISOString(),
});

async function listing(status: "draft" | "scheduled", ageDays: number): Promise<string> {
  const saved = await listings.insert(newListing(randomUUID(), request, seller, new Date()));
  await db.$executeRaw`UPDATE "auctions" SET "status" = ${status}::"ListingStatus", "updated_at" = ${new Date(Date.now() - ageDays * DAY)} WHERE "id" = ${saved.id}`;
  return saved.id;
}

async function deadLetter(status: "waiting" | "replayed" | "discarded", ageDays: number): Promise<string> {
  const id = randomUUID();
  const at = new Date(Date.now() - ageDays * DAY);
  await db.deadLetter.create({
    data: {
      id,
      topic: "auction.events",
      app: "gateway",
      eventId: id,
      cause: "contract-violation",
      reason: "test",
      payload: {},
      firstSeenAt: at,
      status,
      resolvedAt: status === "waiting" ? null : at,
    },
  });
  return id;
}

describe("housekeeping", () => {
  it("deletes abandoned drafts and long-resolved dead letters, and nothing else", async () => {
    const oldDrafts = await Promise.all(Array.from({ length: 3 }, () => listing("draft", 40)));
    const freshDraft = await listing("draft", 5);
    const oldScheduled = await listing("scheduled", 40);
    const oldDiscarded = await deadLetter("discarded", 40);
    const oldReplayed = await deadLetter("replayed", 31);
    const recentDiscarded = await deadLetter("discarded", 2);
    const oldWaiting = await deadLetter("waiting", 400);

    const housekeeping = new Housekeeping(listings, deadLetters, { draftDays: 30, deadLetterDays: 30 }, createLogger("t", "silent"));
    expect(await housekeeping.run()).toEqual({ drafts: 3, deadLetters: 2 });

    const left = new Set((await db.auction.findMany({ select: { id: true } })).map((a) => a.id));
    for (const id of oldDrafts) expect(left.has(id)).toBe(false);
    expect(left.has(freshDraft) && left.has(oldScheduled)).toBe(true);
    const letters = new Set((await db.deadLetter.findMany({ select: { id: true } })).map((d) => d.id));
    expect([oldDiscarded, oldReplayed].some((id) => letters.has(id))).toBe(false);
    expect(letters.has(recentDiscarded) && letters.has(oldWaiting)).toBe(true);

    // Again at once: nothing left past the cutoffs.
    expect(await housekeeping.run()).toEqual({ drafts: 0, deadLetters: 0 });
  });
});
