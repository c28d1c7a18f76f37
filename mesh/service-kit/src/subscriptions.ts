import { type TopicPayload, TopicSchemas } from "@auction-mesh/contracts";
import type { RequestHandler } from "express";
import type { Logger } from "./logger.js";
import { inSpan, SpanKind } from "./trace.js";

/** Dapr's pub/sub delivery answers (https://docs.dapr.io/reference/api/pubsub_api/). */
export const DeliveryStatus = { success: "SUCCESS", retry: "RETRY", drop: "DROP" } as const;

/**
 * An Express handler for a declarative subscription route. The CloudEvent's `data` must
 * satisfy the topic's contract: a message that does not is answered DROP (Dapr then sends it
 * to the subscription's dead-letter topic) and logged; a handler that throws is answered
 * RETRY so the resiliency policy decides what happens next.
 */
export function topicHandler<T extends keyof TopicSchemas>(
  topic: T,
  logger: Logger,
  handle: (event: TopicPayload<T>, meta: { id: string | undefined }) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    const envelope = (req.body ?? {}) as { id?: string; data?: unknown; data_base64?: string };
    const data =
      envelope.data === undefined && envelope.data_base64
        ? JSON.parse(Buffer.from(envelope.data_base64, "base64").toString("utf8"))
        : envelope.data;
    const parsed = TopicSchemas[topic].safeParse(data);
    if (!parsed.success) {
      logger.warn({ topic, eventId: envelope.id, issues: parsed.error.issues }, "event violates its contract; dropping");
      res.json({ status: DeliveryStatus.drop });
      return;
    }
    try {
      const attributes = { "messaging.destination.name": topic, "messaging.message.id": envelope.id ?? "" };
      await inSpan(`receive ${topic}`, { kind: SpanKind.CONSUMER, attributes }, () =>
        handle(parsed.data as TopicPayload<T>, { id: envelope.id }),
      );
      res.json({ status: DeliveryStatus.success });
    } catch (err) {
      logger.error({ err, topic, eventId: envelope.id }, "event handler failed; asking Dapr to retry");
      res.json({ status: DeliveryStatus.retry });
    }
  };
}
