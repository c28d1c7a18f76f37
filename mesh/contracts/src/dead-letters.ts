import { z } from "zod";
import { DeadLetterTopics } from "./names.js";

/**
 * The message hospital: a message a subscriber could not take, as the catalogue keeps it.
 * waiting -> replayed (republished to its original topic) or discarded; both final.
 */
export const DeadLetterStatus = z.enum(["waiting", "replayed", "discarded"]);
export type DeadLetterStatus = z.infer<typeof DeadLetterStatus>;

/** Subscriber apps (one dead-letter topic each) and producers that hand over what they cannot publish. */
export const DeadLetterApp = z.enum([...(Object.keys(DeadLetterTopics) as (keyof typeof DeadLetterTopics)[]), "bidding"]);
export type DeadLetterApp = z.infer<typeof DeadLetterApp>;
/** The apps that subscribe to a dead-letter topic of their own. */
export const SubscriberDeadLetterApps = Object.keys(DeadLetterTopics) as (keyof typeof DeadLetterTopics)[];

/**
 * Why it is here, as far as it can be known: Dapr forwards the original CloudEvent without the
 * subscriber's answer, so the hospital judges the message itself.
 * - `contract-violation`: its data breaks the topic's contract (the subscriber answered DROP);
 * - `expired`: the CloudEvent's `expiration` passed before delivery (Dapr dropped it);
 * - `unknown-topic`: no contract for its topic (the subscriber could not have handled it);
 * - `delivery-failed`: valid, so the subscriber's handler failed (answered RETRY or was
 *   unreachable) until the inbound retry policy ran out: the subscriber's log has the error
 *   under the event id;
 * - `unpublishable`: its producer could never publish it (it breaks its topic's contract) and
 *   handed it over instead of letting it block what comes after it.
 */
export const DeadLetterCause = z.enum(["contract-violation", "expired", "unknown-topic", "delivery-failed", "unpublishable"]);
export type DeadLetterCause = z.infer<typeof DeadLetterCause>;

export const DeadLetterId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a dead-letter id");

export const DeadLetter = z.object({
  id: DeadLetterId,
  /** The topic the message was published to, where a replay sends it again. */
  topic: z.string(),
  /** The subscriber app that could not take it. */
  app: DeadLetterApp,
  /** The original CloudEvent id (null when it had none). */
  eventId: z.string().nullable(),
  cause: DeadLetterCause,
  reason: z.string(),
  /** The CloudEvent's data, as published. */
  payload: z.unknown(),
  firstSeenAt: z.iso.datetime({ offset: true }),
  /** How many times it arrived (a broker redelivery of the same dead letter counts here). */
  arrivals: z.number().int().positive(),
  status: DeadLetterStatus,
  /** When it was replayed or discarded, and by whom (the admin's user id). */
  resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  resolvedBy: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetterListQuery = z.object({
  status: DeadLetterStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeadLetterListQuery = z.infer<typeof DeadLetterListQuery>;

export const DeadLetterList = z.object({ items: z.array(DeadLetter) });
export type DeadLetterList = z.infer<typeof DeadLetterList>;

/** What replay and discard answer: the dead letter after the action, and whether it changed it. */
export const DeadLetterActionResult = z.object({ deadLetter: DeadLetter, changed: z.boolean() });
export type DeadLetterActionResult = z.infer<typeof DeadLetterActionResult>;

/** A producer hands over a message it can never publish (service invocation, producer -> catalogue). */
export const AdmitDeadLetterRequest = z
  .object({
    app: DeadLetterApp,
    topic: z.string().min(1).max(200),
    /** The producer's own id for the message, so a resent hand-over is stored once. */
    eventId: z.string().min(1).max(200),
    reason: z.string().max(2000),
    payload: z.unknown(),
  })
  .strict();
export type AdmitDeadLetterRequest = z.infer<typeof AdmitDeadLetterRequest>;
