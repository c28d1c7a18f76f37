import { z } from "zod";
import { AuctionId } from "./auction.js";

/** What a person can be told about. Each kind can send e-mail or not, per person. */
export const NotificationKind = z.enum([
  /** A bidder lost the lead (one unread notice per auction, kept current). */
  "outbid",
  /** Every bidder and watcher of an auction, some minutes before it ends (once per auction). */
  "ending-soon",
  /** The winner, at the close. */
  "won",
  /** Every other bidder, at the close. */
  "lost",
  /** The seller: the lot sold at the close (payment follows). */
  "sold",
  /** The seller: closed without a sale (no bids, or the reserve not met). */
  "no-sale",
  "payment-due",
  "payment-reminder",
  "payment-received",
  /** The runner-up: the winner did not pay; the lot is theirs at their highest bid if they accept. */
  "second-chance",
  /** The buyer: paid in full; the seller: the payout is booked. */
  "settlement-completed",
  "settlement-failed",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  /** Orders a person's notifications, newest first; pass the last one as `before` for the next page. */
  id: z.number().int().positive(),
  kind: NotificationKind,
  auctionId: AuctionId,
  title: z.string().min(1),
  body: z.string(),
  /** Where the web app takes the person (a path of the web app). */
  link: z.string().startsWith("/"),
  createdAt: z.iso.datetime({ offset: true }),
  readAt: z.iso.datetime({ offset: true }).nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationQuery = z
  .object({
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const NotificationPage = z.object({
  notifications: z.array(Notification),
  /** How many of the person's notifications are unread (all pages). */
  unread: z.number().int().min(0),
  nextBefore: z.number().int().positive().nullable(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

/** Marks the listed notifications read, or every one up to now with `all`. */
export const MarkReadRequest = z.union([
  z.object({ ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const MarkReadResult = z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) });
export type MarkReadResult = z.infer<typeof MarkReadResult>;

/** Per person: which kinds also send an e-mail. Every kind is listed in an answer. */
export const NotificationPreferences = z.object({ email: z.record(NotificationKind, z.boolean()) });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** A change of preferences: only the kinds named change. */
export const PreferencesUpdate = z.object({ email: z.partialRecord(NotificationKind, z.boolean()) }).strict();
export type PreferencesUpdate = z.infer<typeof PreferencesUpdate>;

/** Pushed to each gateway replica, which hands it to the recipient's open sockets. */
export const NotificationPush = z.object({ recipientId: z.string().min(1), notification: Notification, unread: z.number().int().min(0) });
export type NotificationPush = z.infer<typeof NotificationPush>;

/** What notifications asks identity for before it e-mails someone. */
export const ContactQuery = z.object({ userId: z.string().min(1).max(128) }).strict();
export const Contact = z.object({ userId: z.string().min(1), email: z.string().min(1), displayName: z.string() });
export type Contact = z.infer<typeof Contact>;
