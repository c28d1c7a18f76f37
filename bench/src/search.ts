/**
 * The search scenario (`--scenarios search`, mesh only; `--documents N` (100,000), `--queries N`
 * (500), `--concurrency N` (8), `--listings N` (50)). Two meshes, one after the other:
 *
 * 1. with the runner's Meilisearch (as `npm run dev` runs): N realistic listings are written
 *    straight into search's projection table (one transaction, so the index sync sees them all
 *    at once), the service's own index sync copies them to Meilisearch (timed: documents/s);
 * 2. without it (the derived manifest's profile leaves Meilisearch out, so search starts with no
 *    MESH_MEILISEARCH_URL and PostgreSQL answers every search, as where none is configured):
 *    the same listings seeded again.
 *
 * In each, a fixed, seeded mix of searches goes through the gateway's `GET /api/search`, 8 and
 * then 1 at a time (and, to see where the time goes, a part of it straight to search's app port
 * and to Meilisearch); every answer's `engine` is checked. With Meilisearch, listings created and
 * published through the mesh measure how long until search's projection has them and a search
 * finds them, and the same for a bid's new price (PostgreSQL answers from that projection).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { HttpEndpoints, SEARCHABLE_STATUSES, type SearchEngineName, SearchQuery, type SearchResult } from "@auction-mesh/contracts";
import { loadManifest, replicaPorts, serviceDatabaseUrl, statePaths } from "@auction-mesh/dev-runner";
import pg from "pg";
import { Pool } from "undici";
import { breakdown, sample } from "./breakdown.js";
import { machineBusy, machineBusyMs } from "./cpu.js";
import {
  type MixQuery,
  QUERY_KINDS,
  type QueryKind,
  queryMix,
  queryString,
  random,
  type SeedDocument,
  seedDocuments,
} from "./search-data.js";
import { percentile, type RunStats, summarize } from "./stats.js";
import { postJson, type Target } from "./targets.js";

export interface SearchOptions {
  documents: number;
  queries: number;
  concurrency: number;
  listings: number;
  seed: number;
}

/** One pass of the query mix along one path. */
export interface SearchRun {
  path: string;
  engine: SearchEngineName;
  concurrency: number;
  /** Searches sent (fewer than the mix when the pass stopped early). */
  sent: number;
  /** Latency of the answered searches; `errors`: searches that got no 200. */
  stats: RunStats;
  kinds: KindStats[];
  /** A pass that stopped once most searches failed (the engine could not keep up). */
  stoppedEarly: boolean;
  /** Up to three failures, as the client saw them. */
  failures: string[];
}

export interface KindStats {
  kind: QueryKind;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** Mean `total` (matches over all pages). */
  meanTotal: number;
  /** Share of the searches that found at least one listing. */
  withHits: number;
}

export interface Lag {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface SearchLag {
  /** From the publish call's answer until the listing's row is in search's projection (PostgreSQL). */
  publishToProjection: Lag;
  /** From the publish call's answer until `GET /api/search?q=<word>` finds it. */
  publishToSearchable: Lag;
  /** From an accepted bid's answer until the projection's row has its amount as the price. */
  bidToProjection: Lag;
  /** From an accepted bid's answer until a search shows its amount as the price. */
  bidToSearchable: Lag;
}

export interface SearchPhase {
  engine: SearchEngineName;
  documents: number;
  seedSeconds: number;
  /** The index sync's copy of every seeded document to Meilisearch (Meilisearch phase only). */
  indexing?: { seconds: number; perSecond: number };
  runs: SearchRun[];
  /** Meilisearch's own processingTimeMs over the direct passes (Meilisearch phase only). */
  meilisearchProcessingMs?: { p50: number; p95: number; p99: number; max: number };
  /** CPU ms per answered search during the gateway pass at full concurrency, by mesh process. */
  cpuMsPerSearch: [string, number][];
  /** The whole machine's CPU ms per answered search in that pass (PostgreSQL's server processes included). */
  machineCpuMsPerSearch: number;
  /** Through the mesh, with Meilisearch (the Meilisearch phase only: PostgreSQL answers from the projection itself). */
  lag?: SearchLag;
}

export interface SearchReport {
  documents: number;
  queries: number;
  /** Searches in the profiling passes (search's app port, Meilisearch directly). */
  profileQueries: number;
  concurrency: number;
  listings: number;
  phases: SearchPhase[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const SEED_BATCH = 5_000;
const POLL_MS = 50;
/** The projection is polled with a primary-key read: cheap enough to look every 10 ms. */
const ROW_POLL_MS = 10;
const LAG_TIMEOUT_MS = 60_000;
const WARM_UP = 20;
const PROFILE_QUERIES = 100;

export async function searchScenario(
  root: string,
  start: (meilisearch: boolean) => Promise<Target>,
  options: SearchOptions,
  progress: (s: string) => void,
): Promise<SearchReport> {
  const phases: SearchPhase[] = [];
  for (const engine of ["meilisearch", "postgres"] as const) {
    progress(`search: starting the mesh ${engine === "meilisearch" ? "with" : "without"} Meilisearch`);
    const target = await start(engine === "meilisearch");
    try {
      phases.push(await phase(root, target, engine, options, progress));
    } finally {
      await target.stop();
    }
  }
  return {
    documents: options.documents,
    queries: options.queries,
    profileQueries: Math.min(PROFILE_QUERIES, options.queries),
    concurrency: options.concurrency,
    listings: options.listings,
    phases,
  };
}

/** Where search's pieces of this mesh are: its database, its app port, its app token, Meilisearch. */
function searchOf(root: string, target: Target) {
  if (!target.mesh) throw new Error("the search scenario runs on the mesh only");
  const manifest = loadManifest(root, { file: target.mesh.manifestFile });
  const service = manifest.services.search;
  const databaseUrl = service ? serviceDatabaseUrl(manifest, "search") : undefined;
  if (!service || !databaseUrl) throw new Error("the manifest has no search service with a DATABASE_URL");
  const tokens = JSON.parse(readFileSync(statePaths(root, manifest).tokens, "utf8")) as { app: string; dapr: string; meilisearch: string };
  const ports = replicaPorts(service.portBase, 0);
  return {
    databaseUrl,
    appUrl: `http://127.0.0.1:${ports.app}`,
    appToken: tokens.app,
    sidecarUrl: `http://127.0.0.1:${ports.daprHttp}`,
    sidecarToken: tokens.dapr,
    meilisearch: { url: `http://127.0.0.1:${manifest.embedded.meilisearch.port}`, key: tokens.meilisearch },
  };
}

/** After a pass that overloaded the engine: until the machine is quiet again (abandoned searches still run). */
async function settle(say: (s: string) => void): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const busy = await machineBusy(2_000);
    if (busy.percent < 25 || Date.now() > deadline) return say(`machine CPU ${busy.percent} %: going on`);
    say(`machine CPU ${busy.percent} %: letting the abandoned searches finish`);
  }
}

async function phase(
  root: string,
  target: Target,
  engine: SearchEngineName,
  options: SearchOptions,
  progress: (s: string) => void,
): Promise<SearchPhase> {
  const where = searchOf(root, target);
  const say = (s: string) => progress(`search · ${engine}: ${s}`);
  const db = new pg.Client({ connectionString: where.databaseUrl });
  await db.connect();
  try {
    const seeded = await seed(db, options, say);
    const indexing =
      engine === "meilisearch" ? await waitForIndexing(db, where.meilisearch, options.documents, seeded.committedAt, say) : undefined;

    const runs: SearchRun[] = [];
    const mix = queryMix(options.queries, options.seed + 1);
    const profileMix = mix.slice(0, PROFILE_QUERIES);
    const gateway = gatewaySearch(target);
    const pass = async (path: string, width: number, queries: MixQuery[], send: Send, expect?: SearchEngineName) => {
      say(`${path}: ${queries.length} searches, ${width} at a time`);
      const run = await runMix(path, engine, queries, width, send, expect);
      runs.push(run);
      const s = run.stats;
      say(
        `${path}, ${width} at a time: ${s.perSecond} answered/s, p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms` +
          (s.errors > 0 ? `; ${s.errors} of ${run.sent} FAILED${run.stoppedEarly ? ", stopped early" : ""}: ${run.failures[0]}` : ""),
      );
      if (s.errors > 0) await settle(say);
      return run;
    };

    say(`warming up: ${WARM_UP} searches one at a time, not counted`);
    await runMix("warm-up", engine, queryMix(WARM_UP, options.seed + 2), 1, gateway, engine);

    const before = await sample(target.dashboardUrl as string);
    const machineBefore = machineBusyMs();
    const main = await pass("gateway GET /api/search", options.concurrency, mix, gateway, engine);
    const machineMs = machineBusyMs() - machineBefore;
    const answered = Math.max(1, main.stats.requests);
    const cpu = breakdown("search", before, await sample(target.dashboardUrl as string), answered, answered);
    say(
      `CPU ms per answered search: whole machine ${round(machineMs / answered, 2)}; ${cpu.cpuMsPerBid.map(([k, v]) => `${k} ${v}`).join(", ")}`,
    );
    await pass("gateway GET /api/search", 1, mix, gateway, engine);

    // Where the time goes: part of the mix without the gateway and the two sidecars (search's
    // app port)... and, for Meilisearch, the request search makes, through search's sidecar (the
    // HTTPEndpoint search calls it by) and straight to it. One at a time: what each hop costs;
    // 8 at a time: what queueing on two cores adds.
    const profile = async (path: string, url: string, send: (pool: Pool) => Send, expect?: SearchEngineName) => {
      const pool = new Pool(url, { connections: options.concurrency });
      try {
        for (const width of [1, options.concurrency]) await pass(path, width, profileMix, send(pool), expect);
      } finally {
        await pool.close();
      }
    };
    await profile("search's app port (no gateway, no sidecars)", where.appUrl, (pool) => appSearch(pool, where.appToken), engine);
    let meilisearchProcessingMs: SearchPhase["meilisearchProcessingMs"];
    if (engine === "meilisearch") {
      const processing: number[] = [];
      await profile("Meilisearch through search's sidecar (HTTPEndpoint)", where.sidecarUrl, (pool) =>
        meilisearchSearch(
          pool,
          `/v1.0/invoke/${HttpEndpoints.meilisearch}/method`,
          { authorization: `Bearer ${where.meilisearch.key}`, "dapr-api-token": where.sidecarToken },
          [],
        ),
      );
      await profile("Meilisearch directly", where.meilisearch.url, (pool) =>
        meilisearchSearch(pool, "", { authorization: `Bearer ${where.meilisearch.key}` }, processing),
      );
      const p = processing.sort((a, b) => a - b);
      meilisearchProcessingMs = { p50: percentile(p, 50), p95: percentile(p, 95), p99: percentile(p, 99), max: p.at(-1) ?? 0 };
      say(
        `Meilisearch's own processingTimeMs: p50 ${meilisearchProcessingMs.p50}, p95 ${meilisearchProcessingMs.p95}, max ${meilisearchProcessingMs.max}`,
      );
    }

    const lag = engine === "meilisearch" ? await measureLag(target, db, engine, options, say) : undefined;
    return {
      engine,
      documents: options.documents,
      seedSeconds: seeded.seconds,
      ...(indexing ? { indexing } : {}),
      runs,
      ...(meilisearchProcessingMs ? { meilisearchProcessingMs } : {}),
      cpuMsPerSearch: cpu.cpuMsPerBid,
      machineCpuMsPerSearch: round(machineMs / answered, 2),
      ...(lag ? { lag } : {}),
    };
  } finally {
    await db.end();
  }
}

const COLUMNS = [
  ["id", "text"],
  ["title", "text"],
  ["description", "text"],
  ["category", "text"],
  ["seller_id", "text"],
  ["seller_name", "text"],
  ["status", "text"],
  ["image_url", "text"],
  ["starting_price", "bigint"],
  ["current_price", "bigint"],
  ["bid_count", "int"],
  ["last_sequence", "int"],
  ["starts_at", "timestamptz"],
  ["ends_at", "timestamptz"],
  ["created_at", "timestamptz"],
  ["winner_id", "text"],
  ["final_price", "bigint"],
] as const;
const INSERT = `INSERT INTO "documents" (${COLUMNS.map(([c]) => `"${c}"`).join(", ")})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})`;

function columnsOf(docs: SeedDocument[]): unknown[][] {
  const fields: (keyof SeedDocument)[] = [
    "id",
    "title",
    "description",
    "category",
    "sellerId",
    "sellerName",
    "status",
    "imageUrl",
    "startingPrice",
    "currentPrice",
    "bidCount",
    "sequence",
    "startsAt",
    "endsAt",
    "createdAt",
    "winnerId",
    "finalPrice",
  ];
  return fields.map((f) => docs.map((d) => d[f]));
}

/**
 * The listings, straight into search's projection (version 1, indexed_version 0: waiting for
 * Meilisearch), 5,000 rows per INSERT, all in one transaction; then ANALYZE, as a table that grew
 * to this size would have been. The service migrated the table before it reported ready.
 */
async function seed(db: pg.Client, options: SearchOptions, say: (s: string) => void): Promise<{ seconds: number; committedAt: number }> {
  say(`seeding ${options.documents.toLocaleString("en")} listings into search's projection (documents)`);
  const started = performance.now();
  await db.query("BEGIN");
  let batch: SeedDocument[] = [];
  let written = 0;
  const flush = async () => {
    await db.query(INSERT, columnsOf(batch));
    written += batch.length;
    batch = [];
    if (written % 20_000 === 0 || written === options.documents)
      say(`seeded ${written.toLocaleString("en")} of ${options.documents.toLocaleString("en")}`);
  };
  for (const doc of seedDocuments(options.documents, options.seed, Date.now())) {
    batch.push(doc);
    if (batch.length === SEED_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await db.query("COMMIT");
  const committedAt = performance.now();
  await db.query(`ANALYZE "documents"`);
  const seconds = round((committedAt - started) / 1000, 2);
  say(`seeded in ${seconds} s (${Math.round(options.documents / seconds)} rows/s), analyzed`);
  return { seconds, committedAt };
}

type MeiliStats = { numberOfDocuments: number; isIndexing: boolean };

/** Until the index sync has sent every seeded row and Meilisearch has finished indexing them. */
async function waitForIndexing(
  db: pg.Client,
  meilisearch: { url: string; key: string },
  documents: number,
  committedAt: number,
  say: (s: string) => void,
): Promise<{ seconds: number; perSecond: number }> {
  const deadline = committedAt + 30 * 60_000;
  let lastSaid = 0;
  for (;;) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "documents" WHERE "version" > "indexed_version"`);
    const unindexed = Number(rows[0]?.n ?? 0);
    const res = await fetch(`${meilisearch.url}/indexes/listings/stats`, { headers: { authorization: `Bearer ${meilisearch.key}` } });
    const stats = res.ok ? ((await res.json()) as MeiliStats) : { numberOfDocuments: 0, isIndexing: true };
    const now = performance.now();
    const seconds = (now - committedAt) / 1000;
    if (unindexed === 0 && stats.numberOfDocuments >= documents && !stats.isIndexing) {
      const result = { seconds: round(seconds, 2), perSecond: Math.round(documents / seconds) };
      say(
        `Meilisearch has all ${stats.numberOfDocuments.toLocaleString("en")} documents after ${result.seconds} s (${result.perSecond} documents/s)`,
      );
      return result;
    }
    if (now - lastSaid >= 5_000) {
      lastSaid = now;
      const sent = documents - unindexed;
      say(
        `index sync: ${sent.toLocaleString("en")} of ${documents.toLocaleString("en")} sent, Meilisearch holds ${stats.numberOfDocuments.toLocaleString("en")} after ${Math.round(seconds)} s (${Math.round(sent / Math.max(seconds, 0.001))} documents/s)`,
      );
    }
    if (now > deadline) throw new Error(`Meilisearch held ${stats.numberOfDocuments} of ${documents} documents after 30 minutes`);
    await sleep(250);
  }
}

type Answer = { engine?: string; total: number };
type Send = (q: MixQuery) => Promise<Answer>;

async function readJson(res: { statusCode: number; body: { json(): Promise<unknown>; text(): Promise<string> } }, what: string) {
  if (res.statusCode !== 200) throw new Error(`${what}: ${res.statusCode} ${(await res.body.text()).slice(0, 300)}`);
  return res.body.json();
}

/** `GET /api/search` through the gateway, as the web app asks it. */
function gatewaySearch(target: Target): Send {
  return async ({ query }) => {
    const res = await target.pool.request({ path: `/api/search?${queryString(query)}`, method: "GET" });
    const body = (await readJson(res, "GET /api/search")) as SearchResult;
    return { engine: body.engine, total: body.total };
  };
}

/** search's own route on its app port, with the token its sidecar sends: search's time alone. */
function appSearch(pool: Pool, token: string): Send {
  return async ({ query }) => {
    const res = await pool.request({
      path: "/search/query",
      method: "POST",
      headers: { "content-type": "application/json", "dapr-api-token": token },
      body: JSON.stringify(SearchQuery.parse(query)),
    });
    const body = (await readJson(res, "search/query")) as SearchResult;
    return { engine: body.engine, total: body.total };
  };
}

const SORTS: Record<string, string[]> = {
  "ending-soonest": ["over:asc", "endsAtMs:asc"],
  newest: ["createdAtMs:desc"],
  "price-asc": ["currentPrice:asc"],
  "price-desc": ["currentPrice:desc"],
  "most-bids": ["bidCount:desc"],
};

/**
 * The request search's MeilisearchEngine makes for a query (filters, sort, page, facets), to
 * Meilisearch at `prefix` on the pool's host; Meilisearch's own processingTimeMs go to `processingMs`.
 */
function meilisearchSearch(pool: Pool, prefix: string, headers: Record<string, string>, processingMs: number[]): Send {
  return async ({ query: input }) => {
    const query = SearchQuery.parse(input);
    const quoted = (v: string) => JSON.stringify(v);
    const filter = [`status IN [${(query.status ? [query.status] : SEARCHABLE_STATUSES).map(quoted).join(", ")}]`];
    if (query.category) filter.push(`category = ${quoted(query.category)}`);
    if (query.minPrice !== undefined) filter.push(`currentPrice >= ${query.minPrice}`);
    if (query.maxPrice !== undefined) filter.push(`currentPrice <= ${query.maxPrice}`);
    const sort = query.sort && !(query.sort === "relevance" && !query.q) ? query.sort : query.q ? "relevance" : "ending-soonest";
    const res = await pool.request({
      path: `${prefix}/indexes/listings/search`,
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({
        q: query.q ?? "",
        filter,
        ...(sort === "relevance" ? {} : { sort: SORTS[sort] }),
        page: query.page,
        hitsPerPage: query.perPage,
        facets: ["category", "status"],
      }),
    });
    const body = (await readJson(res, "Meilisearch search")) as { totalHits: number; processingTimeMs: number };
    processingMs.push(body.processingTimeMs);
    return { total: body.totalHits };
  };
}

/**
 * The mix, `width` searches at a time, every search once. An answer from another engine than
 * `expect` fails the scenario (its numbers would measure something else). A search that gets no
 * 200 counts as an error; once most searches fail (at least two rounds of `width`) the pass stops
 * sending: the engine does not keep up, and the sidecars' retries would only pile more on it.
 */
async function runMix(
  path: string,
  engine: SearchEngineName,
  mix: MixQuery[],
  width: number,
  send: Send,
  expect?: SearchEngineName,
): Promise<SearchRun> {
  const latencies: number[] = [];
  const byKind = new Map<QueryKind, { latencies: number[]; totals: number[] }>();
  const engines: Record<string, number> = {};
  const failures: string[] = [];
  let next = 0;
  let stop = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < mix.length && !stop) {
        const item = mix[next++] as MixQuery;
        const t0 = performance.now();
        try {
          const answer = await send(item);
          const ms = performance.now() - t0;
          latencies.push(ms);
          const kind = byKind.get(item.kind) ?? { latencies: [], totals: [] };
          kind.latencies.push(ms);
          kind.totals.push(answer.total);
          byKind.set(item.kind, kind);
          if (answer.engine) engines[answer.engine] = (engines[answer.engine] ?? 0) + 1;
        } catch (err) {
          failures.push(`${queryString(item.query)} after ${Math.round(performance.now() - t0)} ms: ${(err as Error).message}`);
          if (failures.length >= 2 * width && failures.length > latencies.length) stop = true;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (expect !== undefined && (engines[expect] ?? 0) !== latencies.length) {
    throw new Error(`${path}: measuring ${expect}, but of ${latencies.length} answers these engines gave: ${JSON.stringify(engines)}`);
  }
  const kinds = [...byKind.entries()].map(([kind, k]): KindStats => {
    const sorted = [...k.latencies].sort((a, b) => a - b);
    return {
      kind,
      requests: sorted.length,
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      max: round(sorted.at(-1) ?? 0, 2),
      meanTotal: Math.round(k.totals.reduce((a, b) => a + b, 0) / k.totals.length),
      withHits: round(k.totals.filter((t) => t > 0).length / k.totals.length, 3),
    };
  });
  return {
    path,
    engine,
    concurrency: width,
    sent: latencies.length + failures.length,
    stats: summarize(latencies, latencies.length, failures.length, seconds),
    kinds,
    stoppedEarly: stop,
    failures: failures.slice(0, 3),
  };
}

/** Letters only (the engines split words at digits differently): a word no seeded title has. */
function uniqueWord(rng: () => number): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join("");
}

function lagOf(samples: number[]): Lag {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
}

/**
 * Polls `GET /api/search?q=<word>` every 50 ms (a poll starts 50 ms after the previous one did,
 * or when it answered) until `found` holds; answers the ms from `since` to that answer.
 */
async function searchUntil(
  target: Target,
  engine: SearchEngineName,
  word: string,
  since: number,
  found: (r: SearchResult) => boolean,
): Promise<number> {
  for (;;) {
    const t0 = performance.now();
    const res = await target.pool.request({ path: `/api/search?q=${word}`, method: "GET" });
    const body = (await readJson(res, "GET /api/search")) as SearchResult;
    if (body.engine !== engine) throw new Error(`measuring ${engine}, but a search for '${word}' was answered by ${body.engine}`);
    if (found(body)) return performance.now() - since;
    if (performance.now() - since > LAG_TIMEOUT_MS) throw new Error(`search did not find '${word}' within ${LAG_TIMEOUT_MS / 1000} s`);
    await sleep(Math.max(0, POLL_MS - (performance.now() - t0)));
  }
}

/** The same, every 10 ms, reading the listing's row in search's projection (what PostgreSQL answers from). */
async function projectionUntil(
  db: pg.Client,
  id: string,
  since: number,
  found: (row: { current_price: string }) => boolean,
): Promise<number> {
  for (;;) {
    const t0 = performance.now();
    const { rows } = await db.query<{ current_price: string }>(`SELECT "current_price" FROM "documents" WHERE "id" = $1`, [id]);
    if (rows[0] && found(rows[0])) return performance.now() - since;
    if (performance.now() - since > LAG_TIMEOUT_MS)
      throw new Error(`listing ${id} did not reach search's projection within ${LAG_TIMEOUT_MS / 1000} s`);
    await sleep(Math.max(0, ROW_POLL_MS - (performance.now() - t0)));
  }
}

/**
 * Through the real mesh, one listing at a time: created and published by a seller (catalogue →
 * `catalogue.lifecycle` → search's projection → index sync → Meilisearch); then, once each is
 * live, a bid (gateway → bidding → `auction.events` → search). For each, when its row in the
 * projection had it and when a search found it.
 */
async function measureLag(
  target: Target,
  db: pg.Client,
  engine: SearchEngineName,
  options: SearchOptions,
  say: (s: string) => void,
): Promise<SearchLag> {
  if (!target.seller) throw new Error("the search scenario needs a target with sellers (the mesh)");
  const { headers } = await target.seller();
  await target.signIn(1);
  const rng = random(Date.now());
  const listings: { id: string; word: string }[] = [];
  const lags = {
    publishToProjection: [] as number[],
    publishToSearchable: [] as number[],
    bidToProjection: [] as number[],
    bidToSearchable: [] as number[],
  };
  say(`publish → searchable: ${options.listings} listings, one at a time, each with a word of its own`);
  for (let i = 0; i < options.listings; i++) {
    const word = uniqueWord(rng);
    const created = await postJson(
      target.pool,
      "/api/auctions",
      {
        title: `Lag probe ${word} lamp`,
        description: "A listing the search benchmark publishes to time its indexing.",
        category: "home",
        startingPrice: 1_000,
        incrementRule: { kind: "fixed", amount: 100 },
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      headers,
    );
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const publish = await postJson(target.pool, `/api/auctions/${id}/publish`, {}, headers);
    if (publish.status !== 200) throw new Error(`publish failed: ${JSON.stringify(publish.body)}`);
    const at = performance.now();
    const [inProjection, searchable] = await Promise.all([
      projectionUntil(db, id, at, () => true),
      searchUntil(target, engine, word, at, (r) => r.items.some((item) => item.id === id)),
    ]);
    lags.publishToProjection.push(inProjection);
    lags.publishToSearchable.push(searchable);
    listings.push({ id, word });
    if ((i + 1) % 10 === 0 || i + 1 === options.listings) {
      say(
        `publish: ${i + 1} of ${options.listings}; the last in the projection after ${Math.round(inProjection)} ms, searchable after ${Math.round(searchable)} ms`,
      );
    }
  }

  say(`bid → new price searchable: one bid on each of the ${listings.length} listings`);
  for (const [i, { id, word }] of listings.entries()) {
    // The catalogue hands a listing to bidding at its start (within a moment of publishing).
    const liveBy = performance.now() + LAG_TIMEOUT_MS;
    for (;;) {
      const res = await target.pool.request({ path: `/api/auctions/${id}/live`, method: "GET" });
      await res.body.dump();
      if (res.statusCode === 200) break;
      if (performance.now() > liveBy) throw new Error(`listing ${id} did not go live`);
      await sleep(100);
    }
    const amount = 1_500 + i * 100;
    const bid = await postJson(
      target.pool,
      `/api/auctions/${id}/bids`,
      { amount, idempotencyKey: `search-lag-${id}` },
      target.bidder(0).headers,
    );
    if (bid.body.accepted !== true) throw new Error(`bid refused: ${JSON.stringify(bid.body)}`);
    const at = performance.now();
    const [inProjection, searchable] = await Promise.all([
      projectionUntil(db, id, at, (row) => Number(row.current_price) === amount),
      searchUntil(target, engine, word, at, (r) => r.items.some((item) => item.id === id && item.currentPrice === amount)),
    ]);
    lags.bidToProjection.push(inProjection);
    lags.bidToSearchable.push(searchable);
    if ((i + 1) % 10 === 0 || i + 1 === listings.length) {
      say(
        `bid: ${i + 1} of ${listings.length}; the last in the projection after ${Math.round(inProjection)} ms, searchable after ${Math.round(searchable)} ms`,
      );
    }
  }
  const result: SearchLag = {
    publishToProjection: lagOf(lags.publishToProjection),
    publishToSearchable: lagOf(lags.publishToSearchable),
    bidToProjection: lagOf(lags.bidToProjection),
    bidToSearchable: lagOf(lags.bidToSearchable),
  };
  const line = (l: Lag) => `p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms`;
  say(`publish → searchable ${line(result.publishToSearchable)}; bid → price searchable ${line(result.bidToSearchable)}`);
  return result;
}

/** The report as tables (markdown, as the README keeps them). */
export function formatSearchReport(r: SearchReport): string {
  const out: string[] = [];
  out.push(
    `\nsearch: ${r.documents.toLocaleString("en")} listings seeded into search's projection; the mix: ${r.queries} searches (${r.profileQueries} in the profiling passes); ${r.listings} listings published through the mesh for the lag`,
  );
  for (const p of r.phases) {
    const indexing = p.indexing
      ? `; the index sync copied them to Meilisearch in ${p.indexing.seconds} s (${p.indexing.perSecond} documents/s)`
      : "";
    out.push(`${p.engine}: seeded ${p.documents.toLocaleString("en")} rows in ${p.seedSeconds} s${indexing}`);
  }
  out.push(
    "\n| engine | path | at a time | answered | failed | answered/s | p50 ms | p95 ms | p99 ms | max ms |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const p of r.phases) {
    for (const run of p.runs) {
      const s = run.stats;
      const failed = s.errors > 0 ? `${s.errors}${run.stoppedEarly ? ` (stopped after ${run.sent})` : ""}` : "0";
      out.push(
        `| ${run.engine} | ${run.path} | ${run.concurrency} | ${s.requests} | ${failed} | ${s.perSecond} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} |`,
      );
    }
  }
  for (const p of r.phases) {
    for (const run of p.runs) {
      if (run.failures.length > 0)
        out.push(`${run.engine} · ${run.path}, ${run.concurrency} at a time, failures: ${run.failures.join(" | ")}`);
    }
  }
  const gatewayRuns = r.phases.flatMap((p) => p.runs.filter((run) => run.path.startsWith("gateway")));
  if (gatewayRuns.length > 0) {
    out.push(
      "\nBy kind of search, through the gateway (p50 / p95 ms; mean matches; share that found any):\n",
      `| kind | ${gatewayRuns.map((run) => `${run.engine}, ${run.concurrency} at a time`).join(" | ")} |`,
      `| --- | ${gatewayRuns.map(() => "---").join(" | ")} |`,
    );
    for (const kind of Object.keys(QUERY_KINDS) as QueryKind[]) {
      const cells = gatewayRuns.map((run) => {
        const k = run.kinds.find((x) => x.kind === kind);
        return k ? `${k.p50} / ${k.p95}; ${k.meanTotal}; ${Math.round(k.withHits * 100)} % (${k.requests})` : "-";
      });
      out.push(`| ${kind} | ${cells.join(" | ")} |`);
    }
  }
  for (const p of r.phases) {
    if (p.meilisearchProcessingMs) {
      const m = p.meilisearchProcessingMs;
      out.push(`\nMeilisearch's own processingTimeMs (direct passes): p50 ${m.p50}, p95 ${m.p95}, p99 ${m.p99}, max ${m.max}`);
    }
  }
  out.push("");
  for (const p of r.phases) {
    out.push(
      `CPU ms per answered search (${p.engine}, gateway pass at ${r.concurrency}): whole machine ${p.machineCpuMsPerSearch}; ${p.cpuMsPerSearch
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    );
  }
  for (const p of r.phases) {
    if (!p.lag) continue;
    const cell = (l: Lag) => `${l.p50} / ${l.p95} / ${l.max}`;
    out.push(
      `\nLag through the mesh (${p.engine}; ${p.lag.publishToSearchable.count} listings, one at a time; ms p50 / p95 / max):\n`,
      "| from | to: row in search's projection | to: found by GET /api/search |",
      "| --- | --- | --- |",
      `| publish answered | ${cell(p.lag.publishToProjection)} | ${cell(p.lag.publishToSearchable)} |`,
      `| bid accepted (new price) | ${cell(p.lag.bidToProjection)} | ${cell(p.lag.bidToSearchable)} |`,
    );
  }
  return out.join("\n");
}
