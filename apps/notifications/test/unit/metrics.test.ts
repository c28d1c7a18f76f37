/**
 * notifications' metrics, counted by the real use cases: the Notifier turning events into
 * notices (the store behind it in memory, telling which are new as PostgreSQL would), and the
 * MailQueue sending through a mail binding that can fail.
 */
import type { AuctionEventBatch, Contact } from "@auction-mesh/contracts";
import { createLogger, HttpError, ServiceMetrics } from "@auction-mesh/service-kit";
import { beforeEach, describe, expect, it } from "vitest";
import type { RenderedMail } from "../../src/domain/mail.js";
import type { Notice } from "../../src/domain/notices.js";
import type { EndingReminders } from "../../src/ending-reminders.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { MailQueue } from "../../src/mail-queue.js";
import { NotificationMetrics } from "../../src/metrics.js";
import type { NotificationStore, Recorded } from "../../src/notification-store.js";
import { Notifier } from "../../src/notifier.js";
import type { WatchStore } from "../../src/watch-store.js";

const logger = createLogger("notifications", "silent");
let metrics: ServiceMetrics;
let counted: NotificationMetrics;
beforeEach(() => {
  metrics = new ServiceMetrics("notifications", { defaultMetrics: false });
  counted = new NotificationMetrics(metrics);
});

describe("notifications created, by kind", () => {
  /** A store that has told nobody anything yet, and remembers each fact it is told (by key and person). */
  function notifier() {
    const told = new Set<string>();
    const store = {
      unknownBidders: async (_auctionId: string, bidderIds: string[]) => bidderIds,
      addBidders: async () => {},
      biddersOf: async () => ["ann", "bob"],
      record: async (notices: readonly Notice[]): Promise<Recorded> => {
        const fresh = notices.filter((n) => !told.has(`${n.dedupeKey}\n${n.recipientId}`));
        for (const n of fresh) told.add(`${n.dedupeKey}\n${n.recipientId}`);
        return { pushed: fresh.length, mailed: 0, created: fresh.map((n) => n.kind) };
      },
    } as unknown as NotificationStore;
    const endings = { plan: async () => {}, leadMs: 300_000 } as unknown as EndingReminders;
    const lots = async () => ({ title: "Brass clock", sellerId: "sam", endsAt: "2026-11-27T13:00:00.000Z" });
    return new Notifier(store, lots, endings, { watchersOf: async () => [] } as unknown as WatchStore, () => {}, logger, counted);
  }

  const closed: AuctionEventBatch = {
    auctionId: "a1",
    events: [
      {
        type: "auction-closed",
        auctionId: "a1",
        sequence: 9,
        at: "2026-11-27T13:00:00.000Z",
        winnerId: "ann",
        finalPrice: 3_500,
        reserveMet: true,
      },
    ],
  };
  const kind = (k: string) => metrics.value("auction_notifications_created_total", { kind: k });

  it("counts each notification an event creates under its kind, and none for a redelivered event", async () => {
    const n = notifier();
    await n.onAuctionEvents(closed);
    expect([await kind("won"), await kind("sold"), await kind("lost"), await kind("outbid")]).toEqual([1, 1, 1, 0]);
    await n.onAuctionEvents(closed);
    expect(await metrics.value("auction_notifications_created_total")).toBe(3);
  });

  it("counts the notices of settlement events and of the 'ending soon' job", async () => {
    const n = notifier();
    await n.onEndingSoon("a1");
    expect(await kind("ending-soon")).toBe(2);
    await n.onSettlementEvent({
      type: "settlement-completed",
      eventId: "a1:settlement-completed",
      auctionId: "a1",
      buyerId: "ann",
      sellerId: "sam",
      at: "2026-11-27T13:01:00.000Z",
      hammerPrice: 3_500,
      total: 3_850,
      sellerProceeds: 3_325,
    });
    expect(await kind("settlement-completed")).toBe(2); // the buyer's and the seller's
  });
});

describe("e-mails sent and failed", () => {
  /** The mail queue over rows due now, each sent under a transaction that a test database stands for. */
  function queue(recipients: string[], sender: (mail: RenderedMail) => Promise<void>) {
    const due = recipients.map((recipientId, i) => ({
      notificationId: BigInt(i + 1),
      recipientId,
      kind: "won",
      title: "You won",
      body: "",
      link: "/auctions/a1",
      attempts: 0,
    }));
    const tx = { $queryRaw: async () => due.splice(0, 1), mailQueue: { update: async () => ({}) } };
    const db = { $transaction: (work: (t: typeof tx) => Promise<unknown>) => work(tx) } as unknown as PrismaClient;
    const contacts = async (userId: string): Promise<Contact> => {
      if (userId === "ghost") throw new HttpError(404, "USER_NOT_FOUND", "no such user");
      if (userId === "lost") throw new Error("identity unreachable");
      return { userId, email: `${userId}@example.com`, displayName: userId };
    };
    return new MailQueue(db, contacts, { send: sender }, "http://127.0.0.1:7200", logger, counted);
  }
  const drain = (q: MailQueue) => q.drainOnce().catch(() => true);

  it("counts each mail the binding took under its kind", async () => {
    const q = queue(["ann", "bob"], async () => {});
    await drain(q);
    expect(await metrics.value("auction_emails_sent_total", { kind: "won" })).toBe(2);
    expect(await metrics.value("auction_emails_failed_total")).toBe(0);
  });

  it("counts failures by reason: the binding, the address lookup, nobody with that account", async () => {
    const q = queue(["ann", "lost", "ghost"], async () => {
      throw new Error("SMTP down");
    });
    for (let i = 0; i < 3; i++) await drain(q); // a failed send ends a drain (DrainLoop backs off)
    const failed = (reason: string) => metrics.value("auction_emails_failed_total", { reason });
    expect([await failed("send"), await failed("address_lookup"), await failed("no_account")]).toEqual([1, 1, 1]);
    expect(await metrics.value("auction_emails_sent_total")).toBe(0);
  });
});
