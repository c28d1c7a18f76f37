/**
 * The first real slice on a real mesh: the dev runner starts NATS, placement, scheduler,
 * bidding and gateway with their daprd sidecars; requests go gateway -> sidecar -> sidecar
 * -> bidding -> AuctionActor, and events come back through pub/sub.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ActorTypes, Components } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import {
  auctionId,
  json,
  meshTokens,
  post,
  processesMentioning,
  REPO,
  type Running,
  runCli,
  type TestMesh,
  testManifest,
  until,
} from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

interface Status {
  processes: { name: string; pid: number; healthy: boolean; restarts: number; state: string }[];
  metadata: Record<
    string,
    {
      actorRuntime?: { activeActors?: { type: string }[] };
      components?: { name: string; type: string; capabilities?: string[] }[];
      subscriptions?: { topic: string }[];
      httpEndpoints?: { name: string }[];
    }
  >;
}

const DRAIN_SECONDS = 2;
let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
const openAuction = (endsInSeconds?: number) => gateway.openAuction(endsInSeconds);
const live = (id: string) => json(`${mesh.gatewayUrl}/api/auctions/${id}/live`);
const who = (name: string) => gateway.userId(name);
const bid = (id: string, bidderId: string, amount: number, key?: string) => gateway.bid(id, bidderId, amount, key);
const gatewayEvents = (id: string) => gateway.events(id);

async function status(): Promise<Status> {
  return (await json<Status>(`${mesh.dashboardUrl}/api/status`)).body;
}

beforeAll(async () => {
  // A short idle timeout lets a test watch an actor deactivate and come back from state; a
  // short drain period, the drain reminder stand down.
  ({ mesh, runner, gateway } = await startSuite(
    testManifest(1000, { bidding: { ACTOR_IDLE_TIMEOUT: "3s", OUTBOX_DRAIN_SECONDS: String(DRAIN_SECONDS) } }),
  ));
});

afterAll(async () => {
  await stopRunner(runner);
});

describe("the first slice through real sidecars", () => {
  it("reaches the auction actor from the gateway through both sidecars", async () => {
    const id = await openAuction();
    expect((await live(id)).body).toMatchObject({ auctionId: id, status: "open", minimumNextBid: 1000 });

    const accepted = await bid(id, "bidder-a", 1000);
    expect(accepted).toMatchObject({
      status: 201,
      body: { accepted: true, leading: true, sequence: 1, currentPrice: 1000, minimumNextBid: 1100 },
    });
    const refused = await bid(id, "bidder-b", 1050);
    expect(refused).toMatchObject({ status: 409, body: { accepted: false, code: "BID_TOO_LOW" } });

    const snapshot = await live(id);
    expect(snapshot.body).toMatchObject({ currentPrice: 1000, leaderId: await who("bidder-a"), sequence: 1 });
  });

  it("answers a retried bid (same idempotency key) with the first answer and one bid", async () => {
    const id = await openAuction();
    const first = await bid(id, "bidder-a", 1200, "same-key-123");
    const second = await bid(id, "bidder-a", 1200, "same-key-123");
    expect(second.body).toEqual(first.body);
    expect((await live(id)).body).toMatchObject({ sequence: 1 });
  });

  it("rejects bad input at the gateway with a machine-readable code", async () => {
    const res = await post(`${mesh.gatewayUrl}/api/auctions/x/bids`, { amount: -5, idempotencyKey: "k-12345678" });
    expect(res).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    const bad = await gateway.post("/api/auctions/x/bids", { amount: -5, idempotencyKey: "k-12345678" }, await gateway.token("bidder-a"));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "VALIDATION_FAILED" });
    const missing = await live(auctionId("none"));
    expect(missing).toMatchObject({ status: 404, body: { code: "AUCTION_NOT_FOUND" } });
  });

  it("serves its OpenAPI document", async () => {
    const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(`${mesh.gatewayUrl}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/api/auctions/{auctionId}/bids");
  });

  it("delivers bidding's events to the gateway through pub/sub, in order, outbid alert included", async () => {
    const id = await openAuction();
    await bid(id, "bidder-a", 1000);
    await bid(id, "bidder-b", 1100);
    const events = await until("three events at the gateway", async () => {
      const e = await gatewayEvents(id);
      return e.length === 3 ? e : undefined;
    });
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ["bid-placed", 1],
      ["bid-placed", 2],
      ["outbid", 3],
    ]);
  });

  it("resolves competing auto-bids at the second price", async () => {
    const id = await openAuction();
    await gateway.bid(id, "bidder-a", 1000, `max-a-${id}`, 3000);
    const answer = await bid(id, "bidder-b", 1500);
    expect(answer.body).toMatchObject({ accepted: true, leading: false, currentPrice: 1600 });
    expect((await live(id)).body).toMatchObject({ leaderId: await who("bidder-a"), currentPrice: 1600 });
  });

  it("serialises a storm of concurrent bids: no lost or duplicated bid, one ordered stream", async () => {
    const id = await openAuction();
    const bidders = Array.from({ length: 20 }, (_, i) => `storm-${i}`);
    // Every bidder fires 10 increasing bids at once, each sent twice (a client retry).
    const attempts = bidders.flatMap((b, i) => Array.from({ length: 10 }, (_, k) => ({ bidder: b, amount: 1000 + (k * 20 + i) * 100 })));
    const answers = await Promise.all(
      attempts.flatMap((a) => [
        bid(id, a.bidder, a.amount, `storm-${a.bidder}-${a.amount}`),
        bid(id, a.bidder, a.amount, `storm-${a.bidder}-${a.amount}`),
      ]),
    );
    for (let i = 0; i < answers.length; i += 2) expect(answers[i + 1]?.body).toEqual(answers[i]?.body); // retries: same answer
    const accepted = answers.filter((a, i) => i % 2 === 0 && (a.body as { accepted: boolean }).accepted).length;
    const snapshot = (await live(id)).body as { sequence: number; currentPrice: number };
    const events = await until("every event at the gateway", async () => {
      const e = await gatewayEvents(id);
      return e.length === snapshot.sequence ? e : undefined;
    });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const placed = events.filter((e) => e.type === "bid-placed") as unknown as { amount: number }[];
    expect(placed).toHaveLength(accepted);
    for (let i = 1; i < placed.length; i++) expect(placed[i]?.amount).toBeGreaterThan(placed[i - 1]?.amount as number);
    expect(placed.at(-1)?.amount).toBe(snapshot.currentPrice);
  });

  it("fires the actor's close reminder at the end time, closing the auction exactly once", async () => {
    const id = await openAuction(6);
    await bid(id, "bidder-a", 1500);
    const closed = await until(
      "the close event at the gateway",
      async () => (await gatewayEvents(id)).find((e) => e.type === "auction-closed"),
      30_000,
    );
    expect(closed).toMatchObject({ sequence: 2, winnerId: await who("bidder-a"), finalPrice: 1500 });
    expect((await live(id)).body).toMatchObject({ status: "closed" });
    const late = await bid(id, "bidder-b", 9000);
    expect(late.body).toMatchObject({ accepted: false, code: "AUCTION_CLOSED" });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await gatewayEvents(id)).filter((e) => e.type === "auction-closed")).toHaveLength(1);
  });

  it("arms no outbox drain reminder while publishing works: a busy auction costs the scheduler nothing", async () => {
    // The reminder arms only when a publish fails (unit: outbox.test.ts; on the mesh, the broker
    // outage in resiliency.test.ts drains through it).
    const token = meshTokens(mesh.stateDir).dapr;
    const drainReminder = async (id: string) =>
      (
        await json<{ period?: string; errorCode?: string }>(
          `http://127.0.0.1:${mesh.ports.biddingApp + 1}/v1.0/actors/${ActorTypes.auction}/${id}/reminders/drain-outbox`,
          { headers: { "dapr-api-token": token } },
        )
      ).body;
    const id = await openAuction();
    await bid(id, "bidder-a", 1000);
    await bid(id, "bidder-b", 1100);
    expect(await drainReminder(id)).toMatchObject({ errorCode: "ERR_ACTOR_REMINDER_NOT_FOUND" });
    const events = await until("three events at the gateway", async () => {
      const e = await gatewayEvents(id);
      return e.length >= 3 ? e : undefined;
    });
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, "bid-placed"],
      [2, "bid-placed"],
      [3, "outbid"],
    ]);
  });

  it("keeps actor state and every idempotency answer when the actor is deactivated and reactivated", async () => {
    const id = await openAuction();
    // More answers than one persisted chunk holds (128), refusals included (15 bidders: under the rate limit).
    const lowBidder = (i: number) => `low-bidder-${i % 15}`;
    const refusals = await Promise.all(Array.from({ length: 150 }, (_, i) => bid(id, lowBidder(i), 500, `low-${i}-${id}`)));
    const first = await bid(id, "bidder-a", 1300);
    const log = join(mesh.stateDir, "logs", "bidding.log");
    await until(
      "the actor to be deactivated (idle timeout 3s)",
      async () =>
        readFileSync(log, "utf8")
          .split("\n")
          .some((l) => l.includes("auction actor deactivated") && l.includes(id)),
      40_000,
    );
    expect((await live(id)).body).toMatchObject({
      currentPrice: 1300,
      leaderId: await who("bidder-a"),
      sequence: 1,
    });
    // Retries after reactivation get the first answers back, and nothing counts twice.
    expect((await bid(id, "bidder-a", 1300)).body).toEqual(first.body);
    expect(refusals[7]?.body).toMatchObject({ accepted: false, code: "BID_TOO_LOW" });
    expect((await bid(id, lowBidder(7), 500, `low-7-${id}`)).body).toEqual(refusals[7]?.body);
    expect((await bid(id, lowBidder(140), 9000, `low-140-${id}`)).body).toEqual(refusals[140]?.body);
    expect((await live(id)).body).toMatchObject({ sequence: 1 });
  });

  it("restarts a crashed app with backoff, and its actors' state survives", async () => {
    const id = await openAuction();
    await bid(id, "bidder-a", 1400);
    const before = (await status()).processes.find((p) => p.name === "bidding");
    expect(before?.healthy).toBe(true);
    process.kill(before?.pid as number, "SIGKILL");
    await until("the runner to report the restart", async () => runner.output().includes("restarting bidding"));
    const after = await until(
      "bidding to be healthy again",
      async () => (await status()).processes.find((p) => p.name === "bidding" && p.healthy && p.restarts === 1 && p.pid !== before?.pid),
      60_000,
    );
    expect(after.state).toBe("running");
    const snapshot = await until("the actor to answer again", async () => {
      const res = await live(id);
      return res.status === 200 ? res.body : undefined;
    });
    expect(snapshot).toMatchObject({ currentPrice: 1400, leaderId: await who("bidder-a") });
  });

  it("shows every process healthy, with sidecar metadata, on the dashboard and in `status`", async () => {
    const page = await fetch(`${mesh.dashboardUrl}/`);
    expect(await page.text()).toContain("<table");
    const s = await until("all processes healthy", async () => {
      const current = await status();
      return current.processes.every((p) => p.healthy) ? current : undefined;
    });
    expect(s.processes.map((p) => p.name).sort()).toEqual([
      "auctions",
      "auctions-dapr",
      "audit",
      "audit-dapr",
      "bidding",
      "bidding-dapr",
      "gateway",
      "gateway-dapr",
      "identity",
      "identity-dapr",
      "mailpit",
      "media",
      "media-dapr",
      "meilisearch",
      "nats",
      "notifications",
      "notifications-dapr",
      "payments",
      "payments-dapr",
      "placement",
      "postgres",
      "scheduler",
      "search",
      "search-dapr",
      "sentry",
    ]);
    expect(s.metadata["bidding-dapr"]?.components?.map((c) => c.name).sort()).toEqual(["pubsub", "secretstore", "statestore"]);
    expect(s.metadata["gateway-dapr"]?.subscriptions?.map((c) => c.topic).sort()).toEqual(["auction.events", "notification.pushes"]);
    expect(s.metadata["identity-dapr"]?.components?.map((c) => c.name).sort()).toEqual(["secretstore", "signing-keys"]);
    expect(s.metadata["payments-dapr"]?.components?.map((c) => c.name).sort()).toEqual([
      "pubsub",
      "pubsub-events",
      "secretstore",
      "workflowstore",
    ]);
    // The catalogue's housekeeping schedule (an input binding), and the HTTPEndpoint search reaches Meilisearch through.
    expect(s.metadata["auctions-dapr"]?.components).toContainEqual(
      expect.objectContaining({ name: "cleanup-schedule", type: "bindings.cron", capabilities: expect.arrayContaining(["INPUT_BINDING"]) }),
    );
    expect(s.metadata["search-dapr"]?.httpEndpoints?.map((e) => e.name)).toEqual(["meilisearch"]);
    // media keeps photos through its output binding, and runs its own housekeeping on the same schedule.
    expect(s.metadata["media-dapr"]?.components?.map((c) => `${c.name} ${c.type}`).sort()).toEqual([
      "cleanup-schedule bindings.cron",
      "images bindings.localstorage",
      "secretstore secretstores.local.file",
    ]);
    expect(s.metadata["notifications-dapr"]?.components?.map((c) => c.name).sort()).toEqual([
      "mail",
      "pubsub",
      "pubsub-events",
      "secretstore",
    ]);
    // audit (Go) loads its own store and the events pub/sub, and subscribes to three topics.
    expect(s.metadata["audit-dapr"]?.components?.map((c) => `${c.name} ${c.type}`).sort()).toEqual([
      "auditstore state.sqlite",
      "pubsub-events pubsub.jetstream",
    ]);
    expect(s.metadata["audit-dapr"]?.subscriptions?.map((c) => c.topic).sort()).toEqual([
      "auction.events",
      "catalogue.lifecycle",
      "settlement.events",
    ]);

    const cli = runCli(["status", "--manifest", mesh.manifestFile]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/bidding-dapr\s+sidecar\s+running\s+yes/);
  });

  it("refuses a call to an app that does not come through its sidecar (no or wrong app token)", async () => {
    const tokens = meshTokens(mesh.stateDir);
    const bidding = `http://127.0.0.1:${mesh.ports.biddingApp}/auctions/snapshot`;
    const missing = await post(bidding, { auctionId: "x-12345678" });
    expect(missing).toMatchObject({ status: 401, body: { code: "APP_TOKEN_MISSING" } });
    const wrong = await json(bidding, { method: "POST", body: "{}", headers: { "dapr-api-token": "w".repeat(48) } });
    expect(wrong).toMatchObject({ status: 401, body: { code: "APP_TOKEN_INVALID" } });
    // The gateway's public API is open, its subscription route is not.
    expect((await json(`${mesh.gatewayUrl}/api/time`)).status).toBe(200);
    expect((await post(`${mesh.gatewayUrl}/events/auction`, {})).body).toMatchObject({ code: "APP_TOKEN_MISSING" });
    // With the real token the same call reaches the route (and fails only on its input).
    const real = await json(bidding, { method: "POST", body: "{}", headers: { "dapr-api-token": tokens.app } });
    expect(real).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
  });

  it("runs the catalogue's housekeeping when the cron binding calls it, and only then", async () => {
    const auctions = replicaPorts(loadManifest(REPO, { file: mesh.manifestFile }).services.auctions?.portBase as number, 0).app;
    const route = `http://127.0.0.1:${auctions}/${Components.cleanupSchedule}`;
    expect(await post(route, {})).toMatchObject({ status: 401, body: { code: "APP_TOKEN_MISSING" } });
    // What daprd's cron binding sends on each tick (its schedule: components/<profile>/cleanup-schedule.yaml).
    const tick = await json(route, { method: "POST", body: "{}", headers: { "dapr-api-token": meshTokens(mesh.stateDir).app } });
    expect(tick).toMatchObject({ status: 200, body: { drafts: expect.any(Number), deadLetters: expect.any(Number) } });
  });

  it("refuses a sidecar API call without the Dapr API token, and binds sidecar APIs to loopback only", async () => {
    const tokens = meshTokens(mesh.stateDir);
    const daprHttp = mesh.ports.biddingApp + 1;
    const metadata = `http://127.0.0.1:${daprHttp}/v1.0/metadata`;
    expect((await fetch(metadata)).status).toBe(401);
    expect((await fetch(metadata, { headers: { "dapr-api-token": tokens.app } })).status).toBe(401);
    expect((await fetch(metadata, { headers: { "dapr-api-token": tokens.dapr } })).status).toBe(200);
    // Every listener of bidding's sidecar API ports is on 127.0.0.1 (ss: Local Address:Port).
    const listeners = execFileSync("ss", ["-Hltn"], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[3] ?? "")
      .filter((a) => a.endsWith(`:${daprHttp}`) || a.endsWith(`:${daprHttp + 1}`));
    expect(listeners.length).toBeGreaterThanOrEqual(2);
    for (const address of listeners) expect(address.startsWith("127.0.0.1:")).toBe(true);
  });

  it("refuses a second `up` of the same mesh", async () => {
    const second = runCli(["up", "--manifest", mesh.manifestFile]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already running/);
  });

  it("stops every process it started on Ctrl-C", async () => {
    const pids = (await status()).processes.map((p) => p.pid);
    runner.child.kill("SIGINT");
    expect(await runner.exited).toBe(0);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(processesMentioning(mesh.stateDir)).toEqual([]);
    expect(processesMentioning(`--placement-host-address 127.0.0.1:${mesh.ports.placement}`)).toEqual([]);
  });
});
