/**
 * `npm run bench`: the same bid workloads against the Dapr mesh and against a no-mesh
 * baseline (the bid rule as a Redis Lua script behind Express), in one run, on this machine.
 * Prints a table and writes bench/results/latest.json. Options: --seconds N (default 10),
 * --concurrency N (default 64), --rate N (open-loop bids/s, default 1000),
 * --targets mesh,baseline (default both), --watchers N (watchers in the watched scenarios, default 5000),
 * --profile P (the mesh's component profile, default "default"), --scenarios hot (only the
 * hot auction), idle (only the idle-cost sample), signups (only the sign-up burst) or chaos
 * (faults under load, mesh only, with two gateway replicas: see chaos.ts; never part of all;
 * --seconds is how long the storm goes on after each recovery); default all,
 * --signups N (people in the sign-up burst, default 400), --cpu-profiles DIR (every mesh
 * service writes a V8 CPU profile into DIR when the mesh stops); --scenarios soak (mesh only,
 * never part of all): --bids N bids (default 1,000,000) on --auctions N auctions (default 1),
 * nothing lost or doubled, RSS every minute (soak.ts); --scenarios settlement (mesh only, never
 * part of all): --auctions N auctions close at once, each settled by the saga; close -> completed
 * latency and e-mails per second into the SMTP server (settlement.ts); --scenarios search (mesh
 * only, never part of all): --documents N listings (default 100,000) seeded into search's
 * projection, indexed by Meilisearch, then --queries N searches (default 500) of a seeded mix,
 * --concurrency N at a time (default 8 here), through the gateway with Meilisearch and again
 * with PostgreSQL answering; --listings N (default 50) published through the mesh to time how
 * soon search finds them and shows a bid's price (search.ts). --traces: the mesh keeps its Jaeger,
 * so every sidecar and app exports its spans (left out by default, like in tests).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Breakdown, breakdown, formatBreakdown, sample } from "./breakdown.js";
import { type ChaosReport, chaos } from "./chaos.js";
import { machineBusy } from "./cpu.js";
import { joinStorm, watchedBidding } from "./fanout.js";
import { closedLoop, openLoop, type Send } from "./load.js";
import { formatSearchReport, type SearchReport, searchScenario } from "./search.js";
import { type SettlementReport, settlementScenario } from "./settlement.js";
import { signUpBurst } from "./signups.js";
import { memoryTrend, type SoakReport, soak } from "./soak.js";
import type { RunStats } from "./stats.js";
import { postJson, startBaseline, startMesh, type Target } from "./targets.js";

const ROOT = resolve(import.meta.dirname, "../..");
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string" },
    rate: { type: "string", default: "1000" },
    targets: { type: "string", default: "mesh,baseline" },
    watchers: { type: "string", default: "5000" },
    profile: { type: "string", default: "default" },
    scenarios: { type: "string", default: "all" },
    signups: { type: "string", default: "400" },
    "cpu-profiles": { type: "string", default: "" },
    bids: { type: "string", default: "1000000" },
    auctions: { type: "string", default: "1" },
    documents: { type: "string", default: "100000" },
    queries: { type: "string", default: "500" },
    listings: { type: "string", default: "50" },
    traces: { type: "boolean", default: false },
  },
});
const SEARCH = values.scenarios === "search";
const SECONDS = Number(values.seconds);
/** Bidders at once (64), or searches at once in the search scenario (8). */
const CONCURRENCY = Number(values.concurrency ?? (SEARCH ? 8 : 64));
const RATE = Number(values.rate);
const WATCHERS = Number(values.watchers);
const SIGNUPS = Number(values.signups);

function progress(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/**
 * Bidders who always offer the minimum next bid they last heard of (per auction): under
 * contention many arrive too low or already leading, as in a real hot auction.
 */
function bidder(target: Target, ids: string[], runTag: string): Send {
  const minimum = new Map<string, number>(ids.map((id) => [id, 100]));
  return async (worker, n) => {
    const id = ids[(worker * 7919 + n) % ids.length] as string;
    const amount = (minimum.get(id) ?? 100) + (worker % 3);
    const res = await postJson(
      target.pool,
      `/api/auctions/${id}/bids`,
      { amount, idempotencyKey: `${runTag}-${worker}-${n}` },
      target.bidder(worker).headers,
    );
    if (res.status >= 500) throw new Error(String(res.status));
    const next = res.body.minimumNextBid;
    if (typeof next === "number" && next > (minimum.get(id) ?? 0)) minimum.set(id, next);
    return { accepted: res.body.accepted === true };
  };
}

interface Row {
  scenario: string;
  target: string;
  stats: RunStats;
}

/** What live auctions cost when nobody bids, sampled once every bid has been answered. */
interface IdleSample {
  target: string;
  liveAuctions: number;
  percent: number;
  cores: number;
}
const idleSamples: IdleSample[] = [];
const breakdowns: Breakdown[] = [];
const deliveries = new Map<string, Awaited<ReturnType<typeof watchedBidding>>>();
const notes: string[] = [];
/** The seed's normal day (MISSION.md): ~100 bids/s. */
const NORMAL_RATE = 100;
const JOINERS = 1000;

/** Runs a scenario; on the mesh, samples every process's CPU and every daprd's counters around it. */
async function measured(target: Target, scenario: string, run: () => Promise<RunStats>): Promise<RunStats> {
  if (!target.dashboardUrl) return run();
  const before = await sample(target.dashboardUrl);
  const stats = await run();
  const b = breakdown(scenario, before, await sample(target.dashboardUrl), stats.requests, stats.accepted);
  breakdowns.push(b);
  progress(formatBreakdown(b));
  return stats;
}
let chaosReport: ChaosReport | undefined;
let soakReport: SoakReport | undefined;
let settlementReport: SettlementReport | undefined;
let searchReport: SearchReport | undefined;
/** Longer than two drain periods of the auction actor (10 s each). */
const IDLE_SETTLE_SECONDS = 25;

async function sampleIdle(target: Target, liveAuctions: number): Promise<void> {
  progress(`${target.name}: ${liveAuctions} live auctions, no bids; settling ${IDLE_SETTLE_SECONDS} s, then sampling CPU for ${SECONDS} s`);
  await new Promise((r) => setTimeout(r, IDLE_SETTLE_SECONDS * 1000));
  const busy = await machineBusy(SECONDS * 1000);
  idleSamples.push({ target: target.name, liveAuctions, ...busy });
  progress(`${target.name} · idle, ${liveAuctions} live auctions: machine CPU ${busy.percent}% (${busy.cores} cores)`);
}

async function scenarios(target: Target): Promise<Row[]> {
  const rows: Row[] = [];
  const tag = `${target.name.replace(/\W+/g, "")}-${Date.now().toString(36)}`;
  const record = (scenario: string, stats: RunStats) => {
    // A run where most requests failed measured the failure, not the target: stop, say why.
    if (stats.errors > stats.accepted && stats.errors * 2 > stats.perSecond * SECONDS) {
      throw new Error(
        `${target.name} · ${scenario}: ${stats.errors} requests failed (5xx or no answer); fix the target before reading numbers`,
      );
    }
    rows.push({ scenario, target: target.name, stats });
    progress(
      `${target.name} · ${scenario}: ${stats.perSecond} req/s, ${stats.accepted} accepted, p50 ${stats.p50} ms, p99 ${stats.p99} ms, errors ${stats.errors}`,
    );
  };
  // Every auction this run opens stays live: the idle sample reports how many there are.
  let live = 0;
  const openAuctions = async (count: number) => {
    const ids = await target.openAuctions(count);
    live += ids.length;
    return ids;
  };
  const isMesh = target.name.startsWith("dapr mesh");
  // Only the mesh has accounts; a burst of people signing up at once (argon2 per sign-up).
  const signUps = async () => {
    const burst = await signUpBurst(target.url, SIGNUPS, tag);
    progress(`${target.name} · sign-up burst answers: ${JSON.stringify(burst.statuses)}`);
    progress(
      `${target.name} · sign-up burst: ${burst.accepted} × 201, ${burst.shed} × 503 OVERLOADED with Retry-After (p99 ${Math.round(burst.shedP99)} ms), ` +
        (burst.failures === 0 ? "no other 5xx" : `${burst.failures} OTHER 5xx / no answer`),
    );
    record(`${SIGNUPS} sign-ups at once (${burst.shed} shed: 503 + Retry-After)`, burst);
  };
  if (values.scenarios === "signups") {
    if (isMesh) await signUps();
    return rows;
  }
  if (values.scenarios === "chaos") {
    if (isMesh) chaosReport = await chaos(target, { bidders: 8, hotAuctions: 3, watchersPerReplica: 4, stormSeconds: SECONDS }, progress);
    return rows;
  }
  if (values.scenarios === "settlement") {
    if (isMesh) settlementReport = await settlementScenario(ROOT, target, Number(values.auctions), progress);
    return rows;
  }
  await target.signIn(Math.max(CONCURRENCY, 8));
  if (values.scenarios === "soak") {
    if (!isMesh) return rows;
    // Open well past the soak's end: an auction that closed mid-run would refuse the rest.
    const ids = await target.openAuctions(Number(values.auctions), new Date(Date.now() + 6 * 3_600_000).toISOString());
    soakReport = await soak(
      target,
      ids,
      { bids: Number(values.bids), auctions: ids.length, bidders: CONCURRENCY, sampleEveryMs: 60_000 },
      progress,
    );
    record(`soak: ${values.bids} bids on ${ids.length} auction(s), ${CONCURRENCY} bidders (closed loop)`, soakReport.stats);
    return rows;
  }
  progress(`${target.name}: warm-up`);
  const warm = await openAuctions(1);
  await closedLoop(CONCURRENCY, 2_000, bidder(target, warm, `${tag}-warm`));

  if (values.scenarios === "idle") {
    const idle = await openAuctions(1000);
    await closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, idle, `${tag}-i`));
    await sampleIdle(target, live);
    return rows;
  }
  const hot = await openAuctions(1);
  const onlyHot = values.scenarios === "hot";
  const hotName = `1 hot auction, ${CONCURRENCY} bidders (closed loop)`;
  record(hotName, await measured(target, hotName, () => closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, hot, `${tag}-hot`))));
  if (onlyHot) return rows;
  progress(`${target.name}: opening 100 auctions`);
  const hundred = await openAuctions(100);
  const hundredName = `100 auctions, ${CONCURRENCY} bidders (closed loop)`;
  record(
    hundredName,
    await measured(target, hundredName, () => closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, hundred, `${tag}-h`))),
  );
  const openName = `100 auctions at ${RATE} bids/s (open loop)`;
  record(openName, await measured(target, openName, () => openLoop(RATE, SECONDS * 1000, bidder(target, hundred, `${tag}-o`))));
  progress(`${target.name}: opening 1,000 auctions`);
  const thousand = await openAuctions(1000);
  const thousandName = `1,000 auctions, ${CONCURRENCY} bidders (closed loop)`;
  record(
    thousandName,
    await measured(target, thousandName, () => closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, thousand, `${tag}-k`))),
  );
  if (isMesh) {
    await signUps();
    // Only the mesh fans events out to watchers: ack rows are the bidders' latency, bid→watcher
    // rows the time from sending a bid to each watcher of its auction receiving it.
    const watched = async (name: string, ids: string[], load: { rate?: number; bidders?: number }) => {
      const result = await measured(target, name, async () => {
        const r = await watchedBidding(target, ids, WATCHERS, { ...load, durationMs: SECONDS * 1000 }, progress);
        deliveries.set(name, r);
        return r.ack;
      });
      const r = deliveries.get(name);
      if (!r) return;
      record(`${name} · ack`, result);
      record(`${name} · bid→watcher`, r.delivery);
      notes.push(
        `${name}: ${r.watchersShort} of ${WATCHERS} watchers missed an accepted bid, ${r.watchersOutOfOrder} saw events out of order`,
      );
      progress(notes.at(-1) as string);
    };
    await watched(`normal day: ${NORMAL_RATE} bids/s over 1,000 auctions, ${WATCHERS} watchers`, thousand, { rate: NORMAL_RATE });
    const [hotWatched] = await openAuctions(1);
    await watched(`${WATCHERS} watchers of 1 auction at ${RATE} bids/s`, [hotWatched as string], { rate: RATE });
    const [joined] = await openAuctions(1);
    record(`${JOINERS} sockets joining at once`, await joinStorm(target, joined as string, JOINERS));
  }
  await sampleIdle(target, live);
  return rows;
}

function table(rows: Row[]): string {
  const header = ["scenario", "target", "req/s", "accepted", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"];
  const body = rows.map((r) =>
    [r.scenario, r.target, r.stats.perSecond, r.stats.accepted, r.stats.errors, r.stats.p50, r.stats.p90, r.stats.p99, r.stats.max].map(
      String,
    ),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
progress(`machine: ${machine}; ${SECONDS}s per scenario, concurrency ${CONCURRENCY}, open-loop rate ${RATE}/s`);
const rows: Row[] = [];
const starters = {
  mesh: () =>
    startMesh(ROOT, CONCURRENCY, 9000, progress, values.profile, {
      replicas: values.scenarios === "chaos" ? { gateway: 2 } : {},
      cpuProfileDir: values["cpu-profiles"] ? resolve(values["cpu-profiles"]) : "",
      traces: values.traces,
    }),
  baseline: () => startBaseline(ROOT, CONCURRENCY, 13999),
};
try {
  if (SEARCH) {
    // Mesh only: it starts two meshes in turn (with Meilisearch, then without).
    if (!values.targets.split(",").some((t: string) => t.trim() === "mesh"))
      throw new Error("the search scenario runs on the mesh: --targets mesh");
    searchReport = await searchScenario(
      ROOT,
      (meilisearch) =>
        startMesh(ROOT, CONCURRENCY, 9000, progress, values.profile, {
          meilisearch,
          cpuProfileDir: values["cpu-profiles"] ? resolve(values["cpu-profiles"]) : "",
        }),
      {
        documents: Number(values.documents),
        queries: Number(values.queries),
        concurrency: CONCURRENCY,
        listings: Number(values.listings),
        seed: 11,
      },
      progress,
    );
  }
  for (const start of SEARCH ? [] : values.targets.split(",").map((t: string) => starters[t.trim() as keyof typeof starters])) {
    if (!start) throw new Error(`--targets takes mesh and/or baseline, got '${values.targets}'`);
    const target = await start();
    try {
      rows.push(...(await scenarios(target)));
    } finally {
      await target.stop();
    }
  }
} catch (err) {
  // A failed run prints no numbers: they would measure the failure.
  progress(`bench failed: ${(err as Error).message}`);
  process.exit(1);
}
const ratios = rows
  .filter((r) => r.target.startsWith("dapr mesh") && rows.some((b) => b.scenario === r.scenario && b.target !== r.target))
  .map((mesh) => {
    const base = rows.find((b) => b.scenario === mesh.scenario && b.target !== mesh.target);
    return `${mesh.scenario}: mesh/baseline throughput ${base ? (mesh.stats.perSecond / base.stats.perSecond).toFixed(2) : "?"}, p99 ${base ? (mesh.stats.p99 / base.stats.p99).toFixed(1) : "?"}×`;
  });
const command = SEARCH
  ? `npm run bench -- --targets mesh --scenarios search --documents ${values.documents} --queries ${values.queries} --concurrency ${CONCURRENCY} --listings ${values.listings} --profile ${values.profile}`
  : `npm run bench -- --seconds ${SECONDS} --concurrency ${CONCURRENCY} --rate ${RATE} --watchers ${WATCHERS} --signups ${SIGNUPS} --profile ${values.profile} --scenarios ${values.scenarios} --targets ${values.targets}${values.traces ? " --traces" : ""}`;
console.log(`\nmachine: ${machine}\ncommand: ${command}\n`);
if (rows.length > 0) console.log(table(rows));
if (ratios.length > 0) console.log(`\n${ratios.join("\n")}`);
for (const i of idleSamples)
  console.log(`${i.target}, idle with ${i.liveAuctions} live auctions: machine CPU ${i.percent}% (${i.cores} cores)`);
for (const n of notes) console.log(n);
if (breakdowns.length > 0) console.log(`\nWhere a bid's work goes (per answered bid):\n${breakdowns.map(formatBreakdown).join("\n")}`);
if (chaosReport) {
  console.log("\n| victim (SIGKILL; PostgreSQL: restart) | back ms | bid accepted ms | watchers see it ms | close late ms (2 auctions) |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of chaosReport.rows)
    console.log(`| ${r.victim} | ${r.backMs} | ${r.bidMs} | ${r.watchersMs} | ${r.closeLateMs.map((l) => Math.round(l)).join(" / ")} |`);
  console.log(`\n${chaosReport.answeredBids} bids answered, ${chaosReport.acceptedBids} accepted`);
  console.log(chaosReport.violations.length === 0 ? "invariants held" : `VIOLATIONS:\n${chaosReport.violations.join("\n")}`);
}
if (settlementReport) {
  const r = settlementReport;
  console.log(
    `\nsettlement: ${r.auctions} auctions closing at once; close -> completed p50 ${r.closeToCompleted.p50} ms, p95 ${r.closeToCompleted.p95} ms, max ${r.closeToCompleted.max} ms; all settled ${r.allSettledMs} ms after the first close`,
  );
  console.log(
    `e-mails from the first close on: ${r.mails} in the SMTP server over ${r.mailSpanMs} ms (${r.mailsPerSecond} per second); the last ${r.lastMailAfterLastSettledMs} ms after the last settlement completed`,
  );
}
if (searchReport) console.log(formatSearchReport(searchReport));
if (soakReport) {
  console.log(`\nsoak, bids answered per minute: ${soakReport.perMinute.join(", ")}`);
  console.log("\n| process | RSS MiB after 5 min | RSS MiB at the end | growth MiB |\n| --- | --- | --- | --- |");
  for (const m of memoryTrend(soakReport, 5)) console.log(`| ${m.process} | ${m.from} | ${m.end} | ${m.growth} |`);
  console.log(soakReport.violations.length === 0 ? "\nnothing lost or doubled" : `\nVIOLATIONS:\n${soakReport.violations.join("\n")}`);
}
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench/results/latest.json"),
  `${JSON.stringify({ at: new Date().toISOString(), machine, command, seconds: SECONDS, concurrency: CONCURRENCY, rate: RATE, rows, idle: idleSamples, breakdowns, chaos: chaosReport, soak: soakReport, settlement: settlementReport, search: searchReport }, null, 2)}\n`,
);
