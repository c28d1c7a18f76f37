/** The watchlist's store on the real PostgreSQL (no mesh): repeats change nothing, and a list is bounded. */
import { join } from "node:path";
import { WATCHLIST_LIMIT } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { WatchStore } from "../../src/watch-store.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `notifications_watches_${process.pid}`);
let db: PrismaClient;
let store: WatchStore;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  store = new WatchStore(db);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

describe("the watch store", () => {
  it("keeps one watch per person and auction however often it is asked, newest first", async () => {
    expect(await store.watch("ann", "a1")).toBe(true);
    expect(await store.watch("ann", "a2")).toBe(true);
    expect(await store.watch("ann", "a1")).toBe(true);
    await Promise.all([store.watch("bob", "a1"), store.watch("bob", "a1")]);
    expect((await store.watchesOf("ann")).items.map((w) => w.auctionId)).toEqual(["a2", "a1"]);
    expect(await store.watchersOf("a1")).toEqual(["ann", "bob"]);
    await store.unwatch("ann", "a1");
    await store.unwatch("ann", "a1");
    expect(await store.isWatching("ann", "a1")).toBe(false);
    expect(await store.watchersOf("a1")).toEqual(["bob"]);
  });

  it("refuses a watch past the limit, but a repeat of one already kept still answers yes", async () => {
    const ids = Array.from({ length: WATCHLIST_LIMIT }, (_, i) => `full-${i}`);
    await db.watch.createMany({ data: ids.map((auctionId) => ({ userId: "cat", auctionId })) });
    expect(await store.watch("cat", "one-more")).toBe(false);
    expect(await store.watch("cat", "full-7")).toBe(true);
    expect((await store.watchesOf("cat")).items).toHaveLength(WATCHLIST_LIMIT);
  });
});
