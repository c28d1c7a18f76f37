/**
 * search on the real mesh: listings reach it through the catalogue's lifecycle and bidding's
 * events (projection in PostgreSQL, copied to the runner's Meilisearch); a misspelled word finds
 * a lot, filters and sorts apply, a bid moves the price; bad queries are a 400 at the edge;
 * Meilisearch killed mid-run leaves PostgreSQL answering; `reindex` rebuilds it all; access
 * control keeps search's doors shut to others.
 */
import { AppIds, AuctionsRoutes, type SearchResult, SearchRoutes } from "@auction-mesh/contracts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import { serviceDatabaseUrl } from "../../src/postgres.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshProcesses, meshTokens, REPO, type Running, runCli, type TestMesh, testManifest, until } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 18_000;
let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;
/** A word no other test's listing has, so results are this file's alone. */
const RUN = `zq${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(testManifest(SHIFT)));
});

afterAll(async () => {
  await stopRunner(runner);
});

const manifest = () => loadManifest(REPO, { file: mesh.manifestFile });
const search = (query: string) => gateway.get<SearchResult>(`/api/search?${query}`);

/** Waits until a search answers what `ready` wants (the index is fed by events: a moment later). */
async function searchUntil(query: string, ready: (r: SearchResult) => boolean, what: string): Promise<SearchResult> {
  let last: SearchResult | undefined;
  try {
    await until(
      what,
      async () => {
        const res = await search(query);
        last = res.body;
        return res.status === 200 && ready(res.body);
      },
      30_000,
      200,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; the last answer: ${JSON.stringify(last)}`);
  }
  return last as SearchResult;
}

describe("finding lots", () => {
  let clock: string;
  let vase: string;

  it("finds a published lot by a misspelled word, and shows a bid's new price", async () => {
    clock = await gateway.openAuction(600, { title: `Carriage clock ${RUN}`, startingPrice: 2_000, category: "home" }, "seller-sr-1");
    vase = await gateway.openAuction(300, { title: `Porcelain vase ${RUN}`, startingPrice: 5_000, category: "art" }, "seller-sr-1");
    const found = await searchUntil(
      `q=carriaje+${RUN}`,
      (r) => r.items.some((i) => i.id === clock && i.status === "live"),
      "the clock to be found by 'carriaje', live",
    );
    expect(found.engine).toBe("meilisearch");
    expect(found.items.find((i) => i.id === clock)).toMatchObject({ status: "live", currentPrice: 2_000, bidCount: 0 });

    expect((await gateway.bid(clock, "sr-bidder-1", 2_500)).status).toBe(201);
    await searchUntil(
      `q=${RUN}`,
      (r) => r.items.some((i) => i.id === clock && i.currentPrice === 2_500 && i.bidCount === 1),
      "the clock's price to move",
    );
  });

  it("filters by price and category, sorts by ending soonest, and counts facets", async () => {
    const both = await searchUntil(`q=${RUN}&sort=ending-soonest`, (r) => r.total === 2, "both lots");
    expect(both.items.map((i) => i.id)).toEqual([vase, clock]);
    expect(both.facets.category).toEqual({ art: 1, home: 1 });
    expect((await search(`q=${RUN}&minPrice=3000`)).body.items.map((i) => i.id)).toEqual([vase]);
    expect((await search(`q=${RUN}&maxPrice=3000&category=home`)).body.items.map((i) => i.id)).toEqual([clock]);
    expect((await search(`q=${RUN}&sort=most-bids`)).body.items.map((i) => i.id)).toEqual([clock, vase]);
  });

  it("answers bad queries with a 400 at once, never a 5xx the sidecars retry; symbols match literally", async () => {
    for (const query of ["q=a%00b", `q=${"x".repeat(201)}`, "minPrice=900&maxPrice=100", "colour=red", "page=0", "sort=cheapest"]) {
      const started = Date.now();
      const res = await search(query);
      expect(res, query).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
      expect(Date.now() - started, query).toBeLessThan(2_000);
    }
    const percent = await search("q=%25");
    expect(percent.status).toBe(200);
    expect(percent.body.items.filter((i) => i.title.includes(RUN))).toEqual([]);
  });
});

describe("when Meilisearch fails", () => {
  it("answers from PostgreSQL while it is down, and from Meilisearch again once the runner restarts it", async () => {
    const meili = (await meshProcesses(mesh)).find((p) => p.name === "meilisearch");
    expect(meili?.healthy).toBe(true);
    process.kill(meili?.pid as number, "SIGKILL");
    const fallback = await searchUntil(`q=${RUN}`, (r) => r.engine === "postgres", "PostgreSQL to answer");
    expect(fallback.total).toBe(2);
    // A lot published meanwhile is found at once (PostgreSQL), and by Meilisearch once it is back.
    const lamp = await gateway.openAuction(600, { title: `Brass lamp ${RUN}` }, "seller-sr-1");
    await searchUntil(`q=lamp+${RUN}`, (r) => r.items.some((i) => i.id === lamp), "the lamp while Meilisearch is down");
    await until(
      "the runner to restart Meilisearch",
      async () => (await meshProcesses(mesh)).find((p) => p.name === "meilisearch")?.healthy,
      30_000,
    );
    await searchUntil(
      `q=lamp+${RUN}`,
      (r) => r.engine === "meilisearch" && r.items.some((i) => i.id === lamp),
      "Meilisearch to have the lamp",
    );
  });
});

describe("when Meilisearch hangs", () => {
  it("answers from PostgreSQL after the resiliency policy's timeout, not never (the client sets none)", async () => {
    const meili = (await meshProcesses(mesh)).find((p) => p.name === "meilisearch");
    process.kill(meili?.pid as number, "SIGSTOP");
    try {
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const res = await search(`q=${RUN}`);
        expect(res.body).toMatchObject({ engine: "postgres", total: 3 });
        // 1 s (dapr/resiliency: timeout meilisearch) while the breaker counts, at once when open.
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    } finally {
      process.kill(meili?.pid as number, "SIGCONT");
    }
    // The breaker lets a probe through after 5 s and closes again.
    await searchUntil(`q=${RUN}`, (r) => r.engine === "meilisearch", "Meilisearch to answer again");
  });
});

describe("reindex", () => {
  it("rebuilds search from the catalogue, printing progress", async () => {
    const url = serviceDatabaseUrl(manifest(), "search") as string;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`DELETE FROM "documents"`);
    await db.end();
    // PostgreSQL forgot everything (Meilisearch still has its copy): a rebuild brings it back.
    const cli = runCli(["reindex", "--manifest", mesh.manifestFile]);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/✓ reindexed \d+ listings/);
    const back = await searchUntil(`q=${RUN}&minPrice=2500`, (r) => r.total === 2, "the rebuilt projection");
    expect(back.items.map((i) => i.currentPrice).sort()).toEqual([2_500, 5_000]);
  });
});

describe("search behind access control", () => {
  it("lets only search read the catalogue's exports, and nobody start a rebuild", async () => {
    const tokens = meshTokens(mesh.stateDir);
    const gatewaySidecar = replicaPorts(manifest().services.gateway?.portBase as number, 0).daprHttp;
    const exports = await json(`http://127.0.0.1:${gatewaySidecar}/v1.0/invoke/${AppIds.auctions}/method/${AuctionsRoutes.export}`, {
      method: "POST",
      body: JSON.stringify({ limit: 1 }),
      headers: { "dapr-api-token": tokens.dapr },
    });
    expect(exports.status).toBe(403);
    const rebuild = await json(`http://127.0.0.1:${gatewaySidecar}/v1.0/invoke/${AppIds.search}/method/${SearchRoutes.reindex}`, {
      method: "POST",
      body: "{}",
      headers: { "dapr-api-token": tokens.dapr },
    });
    expect(rebuild.status).toBe(403);
  });
});
