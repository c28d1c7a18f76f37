import { type DeadLetterApp, type DeadLetterCause, TopicSchemas } from "@auction-mesh/contracts";
import type { z } from "zod";

/** The CloudEvent Dapr forwards to a dead-letter topic: the original one, unchanged. */
export interface DeadLetterEnvelope {
  id?: unknown;
  topic?: unknown;
  data?: unknown;
  data_base64?: unknown;
  expiration?: unknown;
}

export interface JudgedDeadLetter {
  topic: string;
  eventId: string | null;
  cause: DeadLetterCause;
  reason: string;
  payload: unknown;
}

const knownTopic = (topic: string): topic is keyof typeof TopicSchemas => Object.hasOwn(TopicSchemas, topic);

function issuesText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(data)"}: ${i.message}`)
    .join("; ");
}

/** The CloudEvent's data: `data`, or `data_base64` decoded (as JSON when it is JSON). */
export function payloadOf(envelope: DeadLetterEnvelope): unknown {
  if (envelope.data !== undefined || typeof envelope.data_base64 !== "string") return envelope.data ?? null;
  const text = Buffer.from(envelope.data_base64, "base64").toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Why `app` could not take this message, as far as the message itself tells: Dapr forwards
 * the original CloudEvent to the dead-letter topic without the subscriber's answer (see
 * dapr pkg/runtime/subscription/subscription.go, sendToDeadLetter), so the hospital judges the
 * message the way the subscriber did (topicHandler answers DROP exactly for contract
 * violations, and Dapr drops expired events), and what remains is a delivery that failed
 * until the inbound retry policy ran out.
 */
export function judgeDeadLetter(envelope: DeadLetterEnvelope, app: DeadLetterApp, now: Date): JudgedDeadLetter {
  const topic = typeof envelope.topic === "string" && envelope.topic ? envelope.topic : "(unknown)";
  const eventId = typeof envelope.id === "string" && envelope.id ? envelope.id : null;
  const payload = payloadOf(envelope);
  const base = { topic, eventId, payload };
  if (!knownTopic(topic)) {
    return { ...base, cause: "unknown-topic", reason: `no contract for topic '${topic}': ${app} cannot handle it` };
  }
  const parsed = TopicSchemas[topic].safeParse(payload);
  if (!parsed.success) {
    return {
      ...base,
      cause: "contract-violation",
      reason: `violates the ${topic} contract, so ${app} dropped it: ${issuesText(parsed.error.issues)}`,
    };
  }
  if (typeof envelope.expiration === "string" && Date.parse(envelope.expiration) <= now.getTime()) {
    return { ...base, cause: "expired", reason: `expired at ${envelope.expiration} before ${app} received it; Dapr dropped it` };
  }
  const where = eventId ? ` (its log names event ${eventId})` : "";
  return {
    ...base,
    cause: "delivery-failed",
    reason: `${app}'s handler failed or was unreachable on every attempt until the inbound retry policy ran out${where}`,
  };
}

export type ReplayCheck = { ok: true; topic: keyof typeof TopicSchemas; payload: unknown } | { ok: false; code: string; message: string };

/** Whether a stored message can be published to its topic again (the sidecar refuses a broken contract anyway). */
export function replayable(topic: string, payload: unknown): ReplayCheck {
  if (!knownTopic(topic)) return { ok: false, code: "DEAD_LETTER_UNKNOWN_TOPIC", message: `no contract for topic '${topic}'; discard it` };
  const parsed = TopicSchemas[topic].safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      code: "DEAD_LETTER_STILL_INVALID",
      message: `it still violates the ${topic} contract (${issuesText(parsed.error.issues)}); replaying would fail again, discard it`,
    };
  }
  return { ok: true, topic, payload: parsed.data };
}
