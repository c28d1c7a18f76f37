/**
 * The AsyncAPI document against what it describes: the topics in mesh/contracts, the
 * subscriptions in dapr/subscriptions, the apps' `publish` calls, and the JSON Schemas
 * generated from the zod contracts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppIds, type AuctionEvent, Components, DeadLetterTopics, Topics } from "@auction-mesh/contracts";
import { jsonSchemas } from "@auction-mesh/contracts/json-schemas";
import type { TokenVerifier } from "@auction-mesh/service-kit";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { asyncApiDocument, PAYLOAD_SCHEMA_FORMAT } from "../../src/asyncapi.js";
import { LiveFeed } from "../../src/domain/live-feed.js";
import type { PlaceBid } from "../../src/place-bid.js";
import { liveRoutes } from "../../src/routes.js";
import type { Snapshots } from "../../src/snapshots.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));

type Ref = { $ref: string };
type Channel = { address: string; messages: Record<string, Ref>; "x-publishers": string[]; "x-subscribers": string[] };
type Operation = {
  action: "send" | "receive";
  channel: Ref;
  messages: Ref[];
  "x-dapr": { appId: string; pubsubname?: string; route?: string; deadLetterTopic?: string | null };
};
type Message = { payload: { schemaFormat: string; schema: Record<string, unknown> } };
type Document = {
  asyncapi: string;
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message> };
};

const doc = asyncApiDocument() as Document;

/** Follows a local `$ref` ("#/a/b~1c") through the document. */
function resolve<T>(ref: Ref): T {
  expect(ref.$ref.startsWith("#/"), ref.$ref).toBe(true);
  const found = ref.$ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  expect(found, ref.$ref).toBeDefined();
  return found as T;
}

/** The Subscription documents of dapr/subscriptions (flat YAML: read with patterns, not a parser). */
function daprSubscriptions() {
  const dir = join(repo, "dapr", "subscriptions");
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split(/^---\s*$/m))
    .filter((text) => /^kind:\s*Subscription\s*$/m.test(text))
    .map((text) => {
      const field = (name: string) => new RegExp(`^\\s+${name}:\\s*(\\S+)\\s*$`, "m").exec(text)?.[1] ?? null;
      const scopes = /^scopes:\s*\n((?:\s+-\s*\S+\s*\n?)+)/m.exec(text)?.[1] ?? "";
      return {
        name: field("name"),
        topic: field("topic"),
        pubsubname: field("pubsubname"),
        route: field("default"),
        deadLetterTopic: field("deadLetterTopic"),
        apps: [...scopes.matchAll(/-\s*(\S+)/g)].map((m) => m[1] as string),
      };
    });
}

/**
 * Which app publishes which topic, from their source: `publish(Topics.x, …)` or an outbox row
 * `topic: Topics.x` (this document's own tables aside: they describe, not publish).
 */
function publishersInSource(): string[] {
  const found = new Set<string>();
  const self = fileURLToPath(new URL("../../src/asyncapi.ts", import.meta.url));
  const walk = (dir: string, app: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === "generated" || path === self) continue;
      if (entry.isDirectory()) walk(path, app);
      else if (entry.name.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/(?:publish\(|topic: )Topics\.(\w+)/g)) {
          found.add(`${app} ${Topics[m[1] as keyof typeof Topics]}`);
        }
      }
    }
  };
  for (const app of readdirSync(join(repo, "apps"))) {
    const src = join(repo, "apps", app, "src");
    if (existsSync(src)) walk(src, app);
  }
  return [...found].sort();
}

describe("asyncApiDocument", () => {
  it("is AsyncAPI 3.0 with a channel for every topic and every dead-letter topic", () => {
    expect(doc.asyncapi).toBe("3.0.0");
    const topics = [...Object.values(Topics), ...Object.values(DeadLetterTopics)];
    for (const topic of topics) expect(doc.channels[topic]?.address, topic).toBe(topic);
    expect(Object.keys(doc.channels).sort()).toEqual(topics.sort());
  });

  it("lists every subscriber in dapr/subscriptions on its channel, with its pubsub, route and dead-letter topic", () => {
    const subscriptions = daprSubscriptions();
    expect(subscriptions.length).toBeGreaterThan(0);
    const receives = Object.values(doc.operations).filter((op) => op.action === "receive");
    for (const s of subscriptions) {
      expect(s.apps.length, `${s.name} names its app in scopes`).toBeGreaterThan(0);
      for (const app of s.apps) {
        const where = `${s.name} (${app} on ${s.topic})`;
        expect(doc.channels[s.topic as string]?.["x-subscribers"], where).toContain(app);
        const op = receives.find((r) => r["x-dapr"].appId === app && resolve<Channel>(r.channel).address === s.topic);
        expect(op, where).toBeDefined();
        expect(op?.["x-dapr"], where).toMatchObject({ pubsubname: s.pubsubname, route: s.route, deadLetterTopic: s.deadLetterTopic });
      }
    }
    // ... and no subscriber the YAML does not declare.
    expect(receives.length).toBe(subscriptions.reduce((n, s) => n + s.apps.length, 0));
  });

  it("has audit take every auction topic on pubsub-events, and the catalogue keep what it cannot take", () => {
    const audit = Object.values(doc.operations).filter((op) => op.action === "receive" && op["x-dapr"].appId === AppIds.audit);
    expect(audit.map((op) => resolve<Channel>(op.channel).address).sort()).toEqual(
      [Topics.auctionEvents, Topics.auctionLifecycle, Topics.settlementEvents].sort(),
    );
    for (const op of audit) {
      expect(op["x-dapr"]).toMatchObject({ pubsubname: Components.eventsPubsub, deadLetterTopic: DeadLetterTopics.audit });
    }
    const hospital = doc.channels[DeadLetterTopics.audit] as Channel & { "x-original-topics": string[] };
    expect(hospital["x-publishers"]).toEqual([AppIds.audit]);
    expect(hospital["x-subscribers"]).toEqual([AppIds.auctions]);
    expect(hospital["x-original-topics"].sort()).toEqual(audit.map((op) => resolve<Channel>(op.channel).address).sort());
  });

  it("names as publishers exactly the apps whose code publishes each topic", () => {
    const documented = Object.values(doc.operations)
      .filter((op) => op.action === "send")
      .map((op) => `${op["x-dapr"].appId} ${resolve<Channel>(op.channel).address}`)
      .filter((p) => (Object.values(Topics) as string[]).includes(p.split(" ")[1] as string));
    expect(documented.sort()).toEqual(publishersInSource());
    for (const [app, topic] of Object.entries(DeadLetterTopics)) expect(doc.channels[topic]?.["x-publishers"]).toEqual([app]);
  });

  it("carries each topic's JSON Schema from mesh/contracts/schemas as its message payload", () => {
    const schemas = jsonSchemas();
    for (const topic of Object.values(Topics)) {
      const channel = doc.channels[topic] as Channel;
      const refs = Object.values(channel.messages);
      expect(refs.length, topic).toBe(1);
      const message = resolve<Message>(refs[0] as Ref);
      expect(message.payload.schemaFormat).toBe(PAYLOAD_SCHEMA_FORMAT);
      expect(message.payload.schema, topic).toEqual(schemas[`topics/${topic}.json`]);
      const committed = JSON.parse(readFileSync(join(repo, "mesh", "contracts", "schemas", "topics", `${topic}.json`), "utf8"));
      expect(message.payload.schema, `${topic} vs the committed file`).toEqual(committed);
    }
  });

  it("has only references that resolve", () => {
    for (const [id, op] of Object.entries(doc.operations)) {
      const channel = resolve<Channel>(op.channel);
      for (const ref of op.messages) {
        expect(ref.$ref.startsWith(`${op.channel.$ref}/messages/`), id).toBe(true);
        resolve<Message>(resolve<Ref>(ref));
      }
      expect(channel.address, id).toBeDefined();
    }
  });

  it("is served at GET /api/asyncapi.json", async () => {
    const app = express().use(liveRoutes({} as Snapshots, new LiveFeed<AuctionEvent>(), {} as TokenVerifier, {} as PlaceBid));
    const res = await request(app).get("/api/asyncapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
