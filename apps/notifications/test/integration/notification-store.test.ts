/**
 * notifications' store on the real PostgreSQL (no mesh): one notice per fact and person, and
 * one unread outbid notice per auction even when deliveries race (found by review: two batches
 * at once each inserted one, and every later fold then broke the dedupe index).
 */
import { join } from "node:path";
import { dropDatabase, migrate, PrismaOutbox, withDatabase } from "@auction-mesh/database";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../src/domain/notices.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { NotificationStore } from "../../src/notification-store.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = withDatabase(SERVER, `notifications_store_${process.pid}`);
let db: PrismaClient;
let store: NotificationStore;

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  store = new NotificationStore(db);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const outbid = (recipientId: string, auctionId: string, sequence: number, price: string): Notice => ({
  recipientId,
  kind: "outbid",
  auctionId,
  dedupeKey: `${auctionId}:${sequence}:outbid`,
  title: `You were outbid on ${auctionId}`,
  body: `The price is now ${price}.`,
  link: `/auctions/${auctionId}`,
  coalesce: true,
});

const outbidNotices = (recipientId: string) => db.notification.findMany({ where: { recipientId, kind: "outbid" }, orderBy: { id: "asc" } });

describe("the notification store", () => {
  it("keeps one unread outbid notice per auction when deliveries race, and mails it once", async () => {
    const results = await Promise.all([1, 2, 3, 4].map((seq) => store.record([outbid("ann", "a1", seq, `$${seq}0.00`)])));
    expect((await outbidNotices("ann")).filter((n) => n.readAt === null)).toHaveLength(1);
    expect(results.reduce((sum, r) => sum + r.mailed, 0)).toBe(1);
    expect(results.flatMap((r) => r.created)).toEqual(["outbid"]);
    // Later outbids fold into it: no error, no second notice.
    await store.record([outbid("ann", "a1", 5, "$50.00")]);
    const [notice] = await outbidNotices("ann");
    expect(notice?.body).toBe("The price is now $50.00.");
    expect(await outbidNotices("ann")).toHaveLength(1);
  });

  it("starts a new outbid notice once the last one is read, and a redelivered old event adds nothing", async () => {
    await store.record([outbid("bob", "a2", 1, "$10.00")]);
    await store.markRead("bob", "all");
    await store.record([outbid("bob", "a2", 3, "$30.00")]);
    expect((await outbidNotices("bob")).map((n) => [n.body, n.readAt === null])).toEqual([
      ["The price is now $10.00.", false],
      ["The price is now $30.00.", true],
    ]);
    await store.markRead("bob", "all");
    const again = await store.record([outbid("bob", "a2", 1, "$10.00")]);
    expect(again).toEqual({ pushed: 0, mailed: 0, created: [] });
    expect(await outbidNotices("bob")).toHaveLength(2);
  });

  it("records a fact once per person however often it is delivered", async () => {
    const won: Notice = {
      recipientId: "cy",
      kind: "won",
      auctionId: "a3",
      dedupeKey: "a3:9:won",
      title: "You won",
      body: "",
      link: "/auctions/a3",
    };
    const first = await store.record([won]);
    const repeats = await Promise.all([store.record([won]), store.record([won])]);
    expect(first).toEqual({ pushed: 1, mailed: 1, created: ["won"] });
    expect(repeats).toEqual([
      { pushed: 0, mailed: 0, created: [] },
      { pushed: 0, mailed: 0, created: [] },
    ]);
    expect(await db.notification.count({ where: { recipientId: "cy" } })).toBe(1);
    expect(await db.mailQueue.count({ where: { notification: { recipientId: "cy" } } })).toBe(1);
  });
});

describe("the outbox drain (PrismaOutbox) on notifications' outbox table", () => {
  const stage = async (n: number) => {
    await db.outboxMessage.deleteMany();
    for (let i = 1; i <= n; i++) await db.outboxMessage.create({ data: { topic: "t", payload: { n: i } } });
  };
  const left = async () => (await db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((m) => (m.payload as { n: number }).n);

  it("deletes what went out when a publish fails part-way, and keeps the rest", async () => {
    await stage(5);
    const sent: number[] = [];
    const handed = await new PrismaOutbox(db).drain(10, async (m) => {
      const { n } = m.payload as { n: number };
      if (n === 3) throw new Error("broker gone");
      sent.push(n);
    });
    expect(handed).toBe(2);
    expect(sent).toEqual([1, 2]);
    expect(await left()).toEqual([3, 4, 5]);
  });

  it("stops when publishing gets slow and commits what went out (never publishes a batch twice)", async () => {
    await stage(3);
    const outbox = new PrismaOutbox(db, 0); // a budget already spent after the first publish
    const sent: number[] = [];
    const publish = async (m: { payload: unknown }) => void sent.push((m.payload as { n: number }).n);
    expect(await outbox.drain(10, publish)).toBe(1);
    expect(await outbox.drain(10, publish)).toBe(1);
    expect(await outbox.drain(10, publish)).toBe(1);
    expect(sent).toEqual([1, 2, 3]);
    expect(await left()).toEqual([]);
  });

  it("keeps everything when the first publish fails", async () => {
    await stage(2);
    await expect(
      new PrismaOutbox(db).drain(10, async () => {
        throw new Error("sidecar away");
      }),
    ).rejects.toThrow(/sidecar away/);
    expect(await left()).toEqual([1, 2]);
  });
});
