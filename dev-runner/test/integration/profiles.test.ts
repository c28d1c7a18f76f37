/**
 * Operators swap stores and brokers by YAML: the core journey on every profile that uses this
 * machine's servers (the default profile runs in the other files), each with two gateway
 * replicas, so broadcast (every replica sees every event) is proved on every broker; then the
 * settlement saga and notifications (in-app and e-mail) through the same broker.
 */

import type { NotificationPage, Settlement } from "@auction-mesh/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { deriveManifest } from "../../src/derive.js";
import { loadManifest } from "../../src/manifest.js";
import { GatewayClient } from "./gateway-client.js";
import { auditTrailFrom, json, processesMentioning, REPO, type Running, runCli, startMesh, until } from "./harness.js";

const PROFILES = ["redis", "rabbitmq", "nats", "mqtt", "postgres"];

describe.each(PROFILES)("profile %s", (profile) => {
  let runner: Running | undefined;
  afterAll(async () => {
    if (runner && runner.child.exitCode === null) {
      runner.child.kill("SIGINT");
      await runner.exited;
    }
  });

  it("runs the journey: publish, start, bid, retry, close, result, settlement, notifications; both gateway replicas see every event", {
    timeout: 240_000,
  }, async () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-it-", profile, replicas: { gateway: 2 } });
    const started = Date.now();
    runner = await startMesh(mesh);
    const gateway = new GatewayClient(mesh.gatewayUrl);
    const id = await gateway.openAuction(8);
    const topUp = await json(`${mesh.gatewayUrl}/api/wallet/top-ups`, {
      method: "POST",
      body: JSON.stringify({ amount: 5_000 }),
      headers: { authorization: `Bearer ${await gateway.token("bidder-b")}`, "idempotency-key": `profile-top-up-${profile}` },
    });
    expect(topUp.status).toBe(201);
    expect((await gateway.bid(id, "bidder-a", 1000)).body).toMatchObject({ accepted: true, sequence: 1 });
    expect((await gateway.bid(id, "bidder-a", 1000)).body).toMatchObject({ accepted: true, sequence: 1 }); // a retry
    expect((await gateway.bid(id, "bidder-b", 1100)).body).toMatchObject({ accepted: true, sequence: 3 }); // bid + outbid
    const replicas = [mesh.ports.gatewayApp, mesh.ports.gatewayApp + 10].map((port) => `http://127.0.0.1:${port}`);
    for (const replica of replicas) {
      const events = await until(
        `every event at ${replica}`,
        async () => {
          const e = (await json<{ events: { type: string; sequence: number }[] }>(`${replica}/api/auctions/${id}/events`)).body.events;
          return e.some((x) => x.type === "auction-closed") ? e : undefined;
        },
        30_000,
      );
      expect(events.map((e) => [e.sequence, e.type])).toEqual([
        [1, "bid-placed"],
        [2, "bid-placed"],
        [3, "outbid"],
        [4, "auction-closed"],
      ]);
    }
    // The catalogue learnt the result from the same events, exactly once per bid.
    // The saga settles it (bidder-b has the funds): sold, the seller credited less the fee.
    const settlement = await until(
      "the settlement to complete",
      async () => {
        const res = await gateway.get<Settlement>(`/api/auctions/${id}/settlement`, await gateway.token("bidder-b"));
        return res.body.status === "completed" ? res.body : undefined;
      },
      30_000,
    );
    expect(settlement).toMatchObject({ total: 1210, sellerProceeds: 1045 });
    expect((await gateway.listing(id)).body.status).toBe("sold");
    // Everyone concerned is told, in the app and by e-mail (the settlement's events crossed this broker).
    await until(
      "the seller's payout notice",
      async () => {
        const page = await gateway.get<NotificationPage>("/api/notifications", await gateway.token("seller-1"));
        return page.body.notifications.some((n) => n.kind === "settlement-completed");
      },
      30_000,
    );
    const mailpit = `http://127.0.0.1:${loadManifest(REPO, { file: mesh.manifestFile }).embedded.mailpit.httpPort}`;
    await until(
      "the winner's e-mails",
      async () => {
        const { messages } = (await json<{ messages: { Subject: string; To: { Address: string }[] }[] }>(`${mailpit}/api/v1/messages`))
          .body;
        const mine = messages.filter((m) => m.To.some((t) => t.Address === gateway.email("bidder-b"))).map((m) => m.Subject);
        return mine.some((s) => s.startsWith("You won")) && mine.some((s) => s.endsWith("is yours"));
      },
      30_000,
    );
    expect((await gateway.listing(id)).body).toMatchObject({ winnerId: await gateway.userId("bidder-b"), finalPrice: 1100 });
    // audit (Go) kept the whole story in this profile's store, each fact once, in a chain that verifies.
    const trail = await until(
      "audit's trail to reach the settlement",
      async () => {
        const t = (await auditTrailFrom(mesh, "gateway", { auctionId: id, limit: 500 })).body;
        return t.entries?.some((e) => e.type === "settlement-completed") ? t : undefined;
      },
      30_000,
    );
    expect(trail.entries.filter((e) => e.type === "auction-closed")).toHaveLength(1);
    expect(trail.entries.filter((e) => e.type === "bid-placed").map((e) => (e.payload as { amount: number }).amount)).toEqual([1000, 1100]);
    expect(trail.verification).toMatchObject({ intact: true, checked: trail.length });
    const history = await gateway.get<{ bids: { amount: number }[] }>(`/api/auctions/${id}/bids`);
    expect(history.body.bids.map((b) => b.amount)).toEqual([1100, 1000]);
    console.log(`profile ${profile}: journey in ${((Date.now() - started) / 1000).toFixed(1)} s (mesh start included)`);

    // Stopped from "another shell": `down` signals the runner, which stops everything.
    const down = runCli(["down", "--manifest", mesh.manifestFile]);
    expect(await down.exited).toBe(0);
    expect(await runner.exited).toBe(0);
    expect(processesMentioning(mesh.stateDir)).toEqual([]);
  });
});
