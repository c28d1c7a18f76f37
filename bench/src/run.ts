/**
 * `npm run bench`: the same bid workloads against the Dapr mesh and against a no-mesh
 * baseline (the bid rule as a Redis Lua script behind Express), in one run, on this machine.
 * Prints a table and writes bench/results/latest.json. Options: --seconds N (default 10),
 * --concurrency N (default 64), --rate N (open-loop bids/s, default 1000),
 * --targets mesh,baseline (default both), --watchers N (bid→watcher scenario, default 500).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bidToWatcher } from "./fanout.js";
import { closedLoop, openLoop, type Send } from "./load.js";
import type { RunStats } from "./stats.js";
import { postJson, startBaseline, startMesh, type Target } from "./targets.js";

const ROOT = resolve(import.meta.dirname, "../..");
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "64" },
    rate: { type: "string", default: "1000" },
    targets: { type: "string", default: "mesh,baseline" },
    watchers: { type: "string", default: "500" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const RATE = Number(values.rate);
const WATCHERS = Number(values.watchers);

function progress(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

async function openAuctions(target: Target, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  for (const id of ids) {
    const res = await postJson(target.pool, "/api/auctions", {
      auctionId: id,
      sellerId: "seller",
      startingPrice: 100,
      incrementRule: { kind: "fixed", amount: 1 },
      endsAt,
    });
    if (res.status !== 201) throw new Error(`${target.name}: could not open ${id}: ${JSON.stringify(res.body)}`);
  }
  return ids;
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
    const res = await postJson(target.pool, `/api/auctions/${id}/bids`, {
      bidderId: `bidder-${worker}`,
      amount,
      idempotencyKey: `${runTag}-${worker}-${n}`,
    });
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

async function scenarios(target: Target): Promise<Row[]> {
  const rows: Row[] = [];
  const tag = `${target.name.replace(/\W+/g, "")}-${Date.now().toString(36)}`;
  const record = (scenario: string, stats: RunStats) => {
    rows.push({ scenario, target: target.name, stats });
    progress(
      `${target.name} · ${scenario}: ${stats.perSecond} req/s, ${stats.accepted} accepted, p50 ${stats.p50} ms, p99 ${stats.p99} ms, errors ${stats.errors}`,
    );
  };
  progress(`${target.name}: warm-up`);
  const warm = await openAuctions(target, `${tag}-warm`, 1);
  await closedLoop(CONCURRENCY, 2_000, bidder(target, warm, `${tag}-warm`));

  const hot = await openAuctions(target, `${tag}-hot`, 1);
  record(
    `1 hot auction, ${CONCURRENCY} bidders (closed loop)`,
    await closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, hot, `${tag}-hot`)),
  );
  const hundred = await openAuctions(target, `${tag}-h`, 100);
  record(
    `100 auctions, ${CONCURRENCY} bidders (closed loop)`,
    await closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, hundred, `${tag}-h`)),
  );
  record(`100 auctions at ${RATE} bids/s (open loop)`, await openLoop(RATE, SECONDS * 1000, bidder(target, hundred, `${tag}-o`)));
  const thousand = await openAuctions(target, `${tag}-k`, 1000);
  record(
    `1,000 auctions, ${CONCURRENCY} bidders (closed loop)`,
    await closedLoop(CONCURRENCY, SECONDS * 1000, bidder(target, thousand, `${tag}-k`)),
  );
  if (target.name === "dapr mesh") {
    // Only the mesh fans events out to watchers; latency columns are bid -> watcher here.
    const [watched] = await openAuctions(target, `${tag}-w`, 1);
    record(`bid→watcher, ${WATCHERS} watchers, 8 bidders`, await bidToWatcher(target, watched as string, WATCHERS, 8, SECONDS * 1000));
  }
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
const starters = { mesh: () => startMesh(ROOT, CONCURRENCY, 6000), baseline: () => startBaseline(ROOT, CONCURRENCY, 13999) };
for (const start of values.targets.split(",").map((t: string) => starters[t.trim() as keyof typeof starters])) {
  if (!start) throw new Error(`--targets takes mesh and/or baseline, got '${values.targets}'`);
  const target = await start();
  try {
    rows.push(...(await scenarios(target)));
  } finally {
    await target.stop();
  }
}
const ratios = rows
  .filter((r) => r.target === "dapr mesh" && rows.some((b) => b.scenario === r.scenario && b.target !== r.target))
  .map((mesh) => {
    const base = rows.find((b) => b.scenario === mesh.scenario && b.target !== mesh.target);
    return `${mesh.scenario}: mesh/baseline throughput ${base ? (mesh.stats.perSecond / base.stats.perSecond).toFixed(2) : "?"}, p99 ${base ? (mesh.stats.p99 / base.stats.p99).toFixed(1) : "?"}×`;
  });
console.log(
  `\nmachine: ${machine}\ncommand: npm run bench -- --seconds ${SECONDS} --concurrency ${CONCURRENCY} --rate ${RATE} --watchers ${WATCHERS}\n`,
);
console.log(table(rows));
console.log(`\n${ratios.join("\n")}`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench/results/latest.json"),
  `${JSON.stringify({ at: new Date().toISOString(), machine, seconds: SECONDS, concurrency: CONCURRENCY, rate: RATE, rows }, null, 2)}\n`,
);
