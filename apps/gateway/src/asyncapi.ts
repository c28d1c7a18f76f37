import {
  type AppId,
  AppIds,
  AuctionsEventRoutes,
  AuditEventRoutes,
  Components,
  DeadLetterTopics,
  GatewayEventRoutes,
  NotificationsEventRoutes,
  PaymentsEventRoutes,
  SearchEventRoutes,
  Topics,
} from "@auction-mesh/contracts";
import { jsonSchemas } from "@auction-mesh/contracts/json-schemas";

type Topic = (typeof Topics)[keyof typeof Topics];
type DeadLetterTopic = (typeof DeadLetterTopics)[keyof typeof DeadLetterTopics];

/** The schema format of every payload: the JSON Schemas in mesh/contracts/schemas are draft 2020-12. */
export const PAYLOAD_SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";

/** One subscription in dapr/subscriptions (the unit test checks this table against the YAML). */
interface Subscription {
  app: AppId;
  topic: Topic | DeadLetterTopic;
  pubsubname: string;
  route: string;
  deadLetterTopic: DeadLetterTopic | null;
}

const subscriptions: Subscription[] = [
  {
    app: AppIds.auctions,
    topic: Topics.auctionEvents,
    pubsubname: Components.eventsPubsub,
    route: AuctionsEventRoutes.auctionEvents,
    deadLetterTopic: DeadLetterTopics.auctions,
  },
  {
    app: AppIds.gateway,
    topic: Topics.auctionEvents,
    pubsubname: Components.broadcastPubsub,
    route: GatewayEventRoutes.auctionEvents,
    deadLetterTopic: DeadLetterTopics.gateway,
  },
  {
    app: AppIds.gateway,
    topic: Topics.notificationPushes,
    pubsubname: Components.broadcastPubsub,
    route: GatewayEventRoutes.notificationPushes,
    deadLetterTopic: DeadLetterTopics.gateway,
  },
  {
    app: AppIds.notifications,
    topic: Topics.auctionEvents,
    pubsubname: Components.eventsPubsub,
    route: NotificationsEventRoutes.auctionEvents,
    deadLetterTopic: DeadLetterTopics.notifications,
  },
  {
    app: AppIds.notifications,
    topic: Topics.settlementEvents,
    pubsubname: Components.eventsPubsub,
    route: NotificationsEventRoutes.settlementEvents,
    deadLetterTopic: DeadLetterTopics.notifications,
  },
  {
    app: AppIds.payments,
    topic: Topics.auctionResults,
    pubsubname: Components.eventsPubsub,
    route: PaymentsEventRoutes.auctionResults,
    deadLetterTopic: DeadLetterTopics.payments,
  },
  {
    app: AppIds.search,
    topic: Topics.auctionEvents,
    pubsubname: Components.eventsPubsub,
    route: SearchEventRoutes.auctionEvents,
    deadLetterTopic: DeadLetterTopics.search,
  },
  {
    app: AppIds.search,
    topic: Topics.auctionLifecycle,
    pubsubname: Components.eventsPubsub,
    route: SearchEventRoutes.lifecycle,
    deadLetterTopic: DeadLetterTopics.search,
  },
  // audit (the Go service) records every fact about each auction in its hash chain (the closes
  // on auction.results are in auction.events too).
  ...(
    [
      [Topics.auctionEvents, AuditEventRoutes.auctionEvents],
      [Topics.auctionLifecycle, AuditEventRoutes.lifecycle],
      [Topics.settlementEvents, AuditEventRoutes.settlementEvents],
    ] as const
  ).map(
    ([topic, route]): Subscription => ({
      app: AppIds.audit,
      topic,
      pubsubname: Components.eventsPubsub,
      route,
      deadLetterTopic: DeadLetterTopics.audit,
    }),
  ),
  // The message hospital: the catalogue stores every dead letter (no dead-letter topic of its own).
  ...Object.entries(DeadLetterTopics).map(
    ([app, topic]): Subscription => ({
      app: AppIds.auctions,
      topic,
      pubsubname: Components.pubsub,
      route: `${AuctionsEventRoutes.deadLettersPrefix}${app}`,
      deadLetterTopic: null,
    }),
  ),
];

/** Who publishes each topic, and how (the code's `publish(Topics.…)` and outbox rows). */
const publishers: Record<Topic, { app: AppId; how: string }[]> = {
  [Topics.auctionEvents]: [{ app: AppIds.bidding, how: "each AuctionActor turn's events, from the actor's outbox" }],
  [Topics.auctionLifecycle]: [{ app: AppIds.auctions, how: "the catalogue, as a listing is published, started, cancelled or settled" }],
  [Topics.auctionResults]: [{ app: AppIds.bidding, how: "the AuctionActor, once, when the auction closes" }],
  [Topics.settlementEvents]: [{ app: AppIds.payments, how: "the settlement saga, through payments' outbox relay" }],
  [Topics.notificationPushes]: [
    { app: AppIds.notifications, how: "each new or updated notification, through notifications' outbox relay" },
  ],
};

const topicDescriptions: Record<Topic, string> = {
  [Topics.auctionEvents]:
    "Every change of every live auction (bid placed, outbid, extended, closed), one auction's consecutive events per message, in sequence order. Partition key: the auction id.",
  [Topics.auctionLifecycle]: "The catalogue's lifecycle of a listing: published, started, cancelled, settled.",
  [Topics.auctionResults]: "Each auction's close alone (winner and price, or no sale), for the contexts that act on outcomes.",
  [Topics.settlementEvents]: "payments' settlement saga: payment due, reminder, second-chance offer, received, completed, failed.",
  [Topics.notificationPushes]:
    "A notification for one person, read in full by every gateway replica (which pushes it to that person's sockets).",
};

const DEAD_LETTER_MESSAGE = "dead-letter";

const channelRef = (topic: string) => ({ $ref: `#/channels/${topic}` });
const messageRef = (topic: string, message: string) => ({ $ref: `#/channels/${topic}/messages/${message}` });

/**
 * Every topic on the mesh's pub/sub as an AsyncAPI 3.0 document (served at
 * GET /api/asyncapi.json): a channel per topic in `Topics` and `DeadLetterTopics`, an
 * operation per publisher (`send`) and per subscription in dapr/subscriptions (`receive`),
 * and each topic's message with the JSON Schema generated from its zod contract
 * (mesh/contracts/schemas/topics), unchanged.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const schemas = jsonSchemas();
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  const receive = (topic: string, message: string) => {
    for (const s of subscriptions.filter((s) => s.topic === topic)) {
      operations[`${s.app}-receive-${topic}`] = {
        action: "receive",
        channel: channelRef(topic),
        messages: [messageRef(topic, message)],
        summary: `${s.app} takes ${topic} at ${s.route}`,
        tags: [{ name: s.app }],
        "x-dapr": { appId: s.app, pubsubname: s.pubsubname, route: s.route, deadLetterTopic: s.deadLetterTopic },
      };
    }
  };
  const subscribers = (topic: string) => [...new Set(subscriptions.filter((s) => s.topic === topic).map((s) => s.app))];

  for (const topic of Object.values(Topics)) {
    const path = `topics/${topic}.json`;
    const schema = schemas[path];
    if (!schema) throw new Error(`no JSON Schema ${path} in @auction-mesh/contracts`);
    messages[topic] = {
      name: topic,
      title: `${topic} message`,
      summary: topicDescriptions[topic],
      contentType: "application/json",
      payload: { schemaFormat: PAYLOAD_SCHEMA_FORMAT, schema },
      "x-schema-path": `mesh/contracts/schemas/${path}`,
    };
    channels[topic] = {
      address: topic,
      title: topic,
      description: topicDescriptions[topic],
      messages: { [topic]: { $ref: `#/components/messages/${topic}` } },
      "x-publishers": publishers[topic].map((p) => p.app),
      "x-subscribers": subscribers(topic),
    };
    for (const p of publishers[topic]) {
      operations[`${p.app}-send-${topic}`] = {
        action: "send",
        channel: channelRef(topic),
        messages: [messageRef(topic, topic)],
        summary: `${p.app} publishes ${p.how}`,
        tags: [{ name: p.app }],
        "x-dapr": { appId: p.app, pubsubname: Components.pubsub },
      };
    }
    receive(topic, topic);
  }

  messages[DEAD_LETTER_MESSAGE] = {
    name: DEAD_LETTER_MESSAGE,
    title: "A message a subscriber could not take",
    summary:
      "The original message, unchanged (the CloudEvent's `topic` names its original topic): usually that topic's message, but a message that broke its contract lands here too, so any JSON is possible.",
    contentType: "application/json",
    payload: {
      schemaFormat: PAYLOAD_SCHEMA_FORMAT,
      schema: { $schema: "https://json-schema.org/draft/2020-12/schema", description: "Any JSON: the original message's data." },
    },
  };
  for (const [app, topic] of Object.entries(DeadLetterTopics) as [keyof typeof DeadLetterTopics, DeadLetterTopic][]) {
    const failing = subscriptions.filter((s) => s.deadLetterTopic === topic);
    channels[topic] = {
      address: topic,
      title: topic,
      description: `What ${app} could not take (it answered DROP, or the inbound retry policy ran out): its sidecar forwards the message here, and the catalogue keeps it for an admin to replay or discard.`,
      messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
      "x-publishers": [app],
      "x-subscribers": subscribers(topic),
      "x-original-topics": failing.map((s) => s.topic),
    };
    operations[`${app}-send-${topic}`] = {
      action: "send",
      channel: channelRef(topic),
      messages: [messageRef(topic, DEAD_LETTER_MESSAGE)],
      summary: `${app}'s sidecar (daprd, not its code) forwards what ${app} could not take`,
      tags: [{ name: app }],
      "x-dapr": { appId: app, pubsubnames: [...new Set(failing.map((s) => s.pubsubname))] },
    };
    receive(topic, DEAD_LETTER_MESSAGE);
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Auction Mesh events",
      version: "0.2.0",
      description: [
        "Every topic on the mesh's Dapr pub/sub, who publishes it and who subscribes (dapr/subscriptions).",
        "Dapr delivers each message in a CloudEvents 1.0 envelope: the payload below is the envelope's `data`.",
        "Payloads are the JSON Schemas (draft 2020-12) generated from the zod contracts, also in mesh/contracts/schemas",
        "(`$id` https://auction-mesh.dev/schemas/...). Money is in minor units (cents).",
        "The broker depends on the profile (components/<profile>): the component names are the same everywhere.",
        "An admin's replay of a dead letter republishes it to its original topic (the catalogue, through its sidecar).",
      ].join(" "),
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { messages },
  };
}
