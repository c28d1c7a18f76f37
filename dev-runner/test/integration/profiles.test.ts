/**
 * Operators swap stores and brokers by YAML: the same journey on the profiles that use this
 * machine's servers (the default profile runs in mesh.test.ts and offline-default.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { GatewayClient } from "./gateway-client.js";
import { auctionId, processesMentioning, type Running, runCli, startMesh, testManifest, until } from "./harness.js";

describe.each(["redis"])("profile %s", (profile) => {
  let runner: Running | undefined;
  afterAll(async () => {
    if (runner && runner.child.exitCode === null) {
      runner.child.kill("SIGINT");
      await runner.exited;
    }
  });

  it("opens, bids, delivers events and closes through the mesh", { timeout: 240_000 }, async () => {
    const mesh = testManifest(5000, {}, profile);
    runner = await startMesh(mesh);
    const gateway = new GatewayClient(mesh.gatewayUrl);
    const id = auctionId(profile);
    expect((await gateway.openAuction(id, 4)).status).toBe(201);
    expect((await gateway.bid(id, "bidder-a", 1000)).body).toMatchObject({ accepted: true, sequence: 1 });
    expect((await gateway.bid(id, "bidder-a", 1000)).body).toMatchObject({ accepted: true, sequence: 1 }); // a retry
    const events = await until(
      "bid and close events at the gateway",
      async () => {
        const e = await gateway.events(id);
        return e.length === 2 ? e : undefined;
      },
      30_000,
    );
    expect(events.map((e) => e.type)).toEqual(["bid-placed", "auction-closed"]);
    expect(events[1]).toMatchObject({ winnerId: "bidder-a", finalPrice: 1000 });

    // Stopped from "another shell": `down` signals the runner, which stops everything.
    const down = runCli(["down", "--manifest", mesh.manifestFile]);
    expect(await down.exited).toBe(0);
    expect(await runner.exited).toBe(0);
    expect(processesMentioning(mesh.stateDir)).toEqual([]);
  });
});
