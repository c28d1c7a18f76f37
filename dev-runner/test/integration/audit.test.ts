/**
 * audit (the Go service, Dapr Go SDK) on the real mesh: it hears every topic through its own
 * sidecar, keeps each auction's facts in a hash chain in its own state store, once per fact
 * however often a message is delivered, answers the trail only to the gateway (access
 * control), and finds an entry changed behind its back.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppIds, type AuditEntry, type AuditTrail, Components, Topics } from "@auction-mesh/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayClient } from "./gateway-client.js";
import { auditTrailFrom, json, meshTokens, type Running, sidecarPort, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 19_000;

let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT)));
});

afterAll(async () => {
  await stopRunner(runner);
});

const sidecarOf = (service: string) => sidecarPort(mesh, service);
const trailFrom = (caller: string, query: Record<string, unknown>) => auditTrailFrom(mesh, caller, query);

async function trail(auctionId: string): Promise<AuditTrail> {
  const res = await trailFrom(AppIds.gateway, { auctionId, limit: 500 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Publishes `data` on `topic` through bidding's sidecar, as a producer would. */
async function publish(topic: string, data: unknown): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${sidecarOf(AppIds.bidding)}/v1.0/publish/${Components.pubsub}/${topic}`, {
    method: "POST",
    headers: { "content-type": "application/json", "dapr-api-token": meshTokens(mesh.stateDir).dapr },
    body: JSON.stringify(data),
  });
  expect(res.status, await res.text()).toBe(204);
}

const types = (entries: AuditEntry[]) => entries.map((e) => e.type);
/** An entry's event (the payload is whatever JSON the store holds now). */
const fields = (e: AuditEntry) => e.payload as Record<string, unknown>;

/**
 * With AUDIT_CAPTURE_MESSAGES=<dir> (apps/audit/testdata/messages), writes one message per topic
 * and event type as the real producers published it, for the Go service's schema tests and the
 * contracts' zod tests; a bid batch is rebuilt around its one event.
 */
function captureMessages(t: AuditTrail): void {
  const dir = process.env.AUDIT_CAPTURE_MESSAGES;
  if (!dir) return;
  for (const e of t.entries) {
    const write = (topic: string, type: string, message: unknown) => {
      mkdirSync(join(dir, topic), { recursive: true });
      writeFileSync(join(dir, topic, `${type}.json`), `${JSON.stringify(message, null, 2)}\n`);
    };
    write(e.topic, e.type, e.topic === Topics.auctionEvents ? { auctionId: fields(e).auctionId, events: [e.payload] } : e.payload);
  }
}

describe("audit", () => {
  let auctionId: string;
  let closedTrail: AuditTrail;

  it("records an auction's life in order, each fact once, in a chain that verifies", async () => {
    // The winner can pay: the settlement runs to its end.
    const topUp = await json(`${mesh.gatewayUrl}/api/wallet/top-ups`, {
      method: "POST",
      body: JSON.stringify({ amount: 10_000 }),
      headers: { authorization: `Bearer ${await gateway.token("bidder-1")}`, "idempotency-key": `audit-top-up-${Date.now()}` },
    });
    expect(topUp.status).toBe(201);
    auctionId = await gateway.openAuction(6);
    for (const [bidder, amount] of [
      ["bidder-1", 1_000],
      ["bidder-2", 1_500],
      ["bidder-1", 2_000],
    ] as const) {
      expect((await gateway.bid(auctionId, bidder, amount)).status).toBe(201);
    }
    closedTrail = await until(
      "audit to record the whole settlement",
      async () => {
        const t = await trail(auctionId);
        // The catalogue's "settled" and payments' "completed" travel different topics: either may come first.
        return types(t.entries).includes("auction-settled") && types(t.entries).includes("settlement-completed") ? t : undefined;
      },
      60_000,
    );
    captureMessages(closedTrail);
    const seen = types(closedTrail.entries);
    expect(seen).toEqual(
      expect.arrayContaining([
        "auction-published",
        "auction-started",
        "bid-placed",
        "outbid",
        "auction-closed",
        "payment-received",
        "settlement-completed",
        "auction-settled",
      ]),
    );
    expect(seen.filter((t) => t === "bid-placed")).toHaveLength(3);
    expect(seen.filter((t) => t === "auction-closed")).toHaveLength(1);
    const bids = closedTrail.entries.filter((e) => e.type === "bid-placed").map((e) => fields(e).amount);
    expect(bids).toEqual([1_000, 1_500, 2_000]);
    expect(new Set(closedTrail.entries.map((e) => e.factId)).size).toBe(closedTrail.entries.length);
    expect(closedTrail.entries.map((e) => e.seq)).toEqual(closedTrail.entries.map((_, i) => i + 1));
    expect(closedTrail.verification).toEqual({ intact: true, checked: closedTrail.length, brokenAtSeq: null, reason: null });
    expect(closedTrail.headHash).toBe(closedTrail.entries.at(-1)?.hash);
  });

  it("adds nothing when the same facts are delivered again", async () => {
    const before = await trail(auctionId);
    const close = before.entries.find((e) => e.type === "auction-closed") as AuditEntry;
    const bid = before.entries.find((e) => e.type === "bid-placed") as AuditEntry;
    await publish(Topics.auctionEvents, { auctionId, events: [close.payload] });
    await publish(Topics.auctionEvents, { auctionId, events: [bid.payload] });
    // A new fact published after them on the same topic shows they were taken.
    const marker = `audit-marker-${Date.now().toString(36)}`;
    const markerClose = {
      type: "auction-closed",
      auctionId: marker,
      sequence: 1,
      at: new Date().toISOString(),
      winnerId: null,
      finalPrice: null,
      reserveMet: false,
    };
    await publish(Topics.auctionEvents, { auctionId: marker, events: [markerClose] });
    await until("the marker fact to be recorded", async () => (await trail(marker)).length === 1);
    const after = await trail(auctionId);
    expect(after.length).toBe(before.length);
    expect(after.headHash).toBe(before.headHash);
  });

  /** Three bids on a fresh auction id, published as bidding would, once audit has recorded them. */
  async function recordThreeBids(auctionId: string) {
    const at = new Date().toISOString();
    const events = [1, 2, 3].map((sequence) => ({
      type: "bid-placed",
      auctionId,
      sequence,
      at,
      bidderId: "b1",
      amount: 100 * sequence,
      auto: false,
      minimumNextBid: 100 * sequence + 10,
    }));
    await publish(Topics.auctionEvents, { auctionId, events });
    return until("three entries", async () => {
      const t = await trail(auctionId);
      return t.length === 3 ? t : undefined;
    });
  }

  /** Writes straight into audit's store, as someone with its credentials could (through audit's own sidecar). */
  async function writeAuditState(key: string, value: unknown) {
    const write = await fetch(`http://127.0.0.1:${sidecarOf(AppIds.audit)}/v1.0/state/${Components.auditStore}`, {
      method: "POST",
      headers: { "content-type": "application/json", "dapr-api-token": meshTokens(mesh.stateDir).dapr },
      body: JSON.stringify([{ key, value }]),
    });
    expect(write.status, await write.text()).toBe(204);
  }

  it("finds an entry changed in its store", async () => {
    const forged = `audit-forged-${Date.now().toString(36)}`;
    const intact = await recordThreeBids(forged);
    expect(intact.verification.intact).toBe(true);

    // Someone with the store's credentials lowers the second bid (through audit's own sidecar).
    const second = intact.entries[1] as AuditEntry;
    await writeAuditState(`${forged}/2`, { ...second, payload: JSON.stringify({ ...fields(second), amount: 1 }) });

    const tampered = await trail(forged);
    expect(fields(tampered.entries[1] as AuditEntry).amount).toBe(1);
    expect(tampered.verification).toEqual({
      intact: false,
      checked: 3,
      brokenAtSeq: 2,
      reason: "entry 2's content does not match its hash",
    });
  });

  it("finds a head set back to cut the newest entries off", async () => {
    const cut = `audit-cut-${Date.now().toString(36)}`;
    const intact = await recordThreeBids(cut);
    const second = intact.entries[1] as AuditEntry;
    await writeAuditState(`${cut}/head`, { seq: 2, hash: second.hash });
    const shortened = await trail(cut);
    expect(shortened.length).toBe(2);
    expect(shortened.verification).toMatchObject({ intact: false, brokenAtSeq: 3, reason: "entry 3 exists past the chain's head" });
  });

  it("answers the gateway only, and refuses a bad query with a code", async () => {
    expect((await trailFrom(AppIds.bidding, { auctionId })).status).toBe(403);
    expect((await trailFrom(AppIds.notifications, { auctionId })).status).toBe(403);
    const bad = await trailFrom(AppIds.gateway, { auctionId, limit: 10_000 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    const unknown = await trailFrom(AppIds.gateway, { auctionId: "never-heard-of" });
    expect(unknown.body).toMatchObject({ length: 0, entries: [], verification: { intact: true, checked: 0 } });
  });

  it("pages a trail with nextAfterSeq", async () => {
    const first = await trailFrom(AppIds.gateway, { auctionId, limit: 2 });
    expect(first.body.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.body.nextAfterSeq).toBe(2);
    const second = await trailFrom(AppIds.gateway, { auctionId, afterSeq: 2, limit: 2 });
    expect(second.body.entries.map((e) => e.seq)).toEqual([3, 4]);
    expect(second.body.verification.checked).toBe(first.body.length);
  });
});
