/**
 * The soak (`--scenarios soak`): closed-loop bidders send `bids` bids to `auctions` auctions,
 * one Socket.IO watcher per auction, and the RSS of every mesh process is sampled every
 * minute. At the end it checks that nothing was lost or doubled: every accepted bid is in the
 * catalogue's bid history exactly once and reached its watcher, the watcher saw every
 * sequence number once and in order, and the history holds no bid that was not accepted.
 */
import { performance } from "node:perf_hooks";
import { LiveMessages } from "@auction-mesh/contracts";
import { io } from "socket.io-client";
import { sample } from "./breakdown.js";
import { type RunStats, summarize } from "./stats.js";
import { getJson, postJson, type Target } from "./targets.js";

export interface SoakOptions {
  bids: number;
  auctions: number;
  bidders: number;
  sampleEveryMs: number;
}

export interface SoakReport {
  stats: RunStats;
  /** Bids answered per minute, in order: a slowdown over time shows here. */
  perMinute: number[];
  /** RSS (MiB) of every mesh process at each sample, by minute. */
  rss: { minute: number; answered: number; byProcess: Record<string, number> }[];
  violations: string[];
}

type FrameEvent = { type: string; auctionId: string; sequence: number; bidderId?: string; amount?: number };
type BidRecord = { sequence: number; bidderId: string; amount: number; auto: boolean };

const bidKey = (auctionId: string, bidderId: string, amount: number) => `${auctionId}:${bidderId}:${amount}`;

/** One watcher per auction: every bid-placed event it got, and every gap or repeat in sequences. */
function watch(target: Target, auctionId: string, violations: string[]) {
  const seen = new Map<string, number>();
  let last = 0;
  const socket = io(target.url, { transports: ["websocket"], reconnection: false });
  socket.on(LiveMessages.events, (frame: FrameEvent[]) => {
    for (const e of frame) {
      if (e.auctionId !== auctionId) continue;
      if (e.sequence !== last + 1) violations.push(`watcher of ${auctionId}: sequence ${e.sequence} after ${last}`);
      last = Math.max(last, e.sequence);
      if (e.type === "bid-placed") {
        const key = bidKey(auctionId, e.bidderId ?? "", e.amount ?? 0);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
  });
  return {
    seen,
    last: () => last,
    join: async () => {
      const answer = (await socket.timeout(30_000).emitWithAck(LiveMessages.join, { auctionId })) as { snapshot?: { sequence: number } };
      last = answer.snapshot?.sequence ?? 0;
    },
    close: () => socket.close(),
  };
}

/** The catalogue's whole bid history of an auction, paged newest first. */
async function history(target: Target, auctionId: string): Promise<BidRecord[]> {
  const all: BidRecord[] = [];
  let before: number | null = null;
  do {
    const page = (await getJson(target.pool, `/api/auctions/${auctionId}/bids?limit=200${before ? `&before=${before}` : ""}`)) as {
      bids: BidRecord[];
      nextBefore: number | null;
    };
    all.push(...page.bids);
    before = page.nextBefore;
  } while (before !== null);
  return all;
}

/** Waits until the catalogue's history of `auctionId` holds `expected` bids or stops growing. */
async function settledHistory(target: Target, auctionId: string, expected: number): Promise<BidRecord[]> {
  let records = await history(target, auctionId);
  for (let tries = 0; records.length < expected && tries < 30; tries++) {
    await new Promise((r) => setTimeout(r, 1_000));
    records = await history(target, auctionId);
  }
  return records;
}

export async function soak(target: Target, ids: string[], options: SoakOptions, progress: (text: string) => void): Promise<SoakReport> {
  const violations: string[] = [];
  const watchers = ids.map((id) => watch(target, id, violations));
  await Promise.all(watchers.map((w) => w.join()));
  const accepted = new Map<string, number>();
  const minimum = new Map<string, number>();
  const latencies: number[] = [];
  const perMinute: number[] = [];
  const rss: SoakReport["rss"] = [];
  let answered = 0;
  let errors = 0;
  let acceptedCount = 0;
  const started = performance.now();

  const sampler = setInterval(() => {
    const minute = Math.round((performance.now() - started) / 60_000);
    perMinute.push(answered - perMinute.reduce((s, n) => s + n, 0));
    void sample(target.dashboardUrl as string).then((s) => {
      rss.push({ minute, answered, byProcess: Object.fromEntries(s.rssMiB) });
      progress(
        `soak: ${answered}/${options.bids} bids answered (${acceptedCount} accepted), minute ${minute}; RSS MiB ${[...s.rssMiB].map(([k, v]) => `${k} ${v}`).join(", ")}`,
      );
    });
  }, options.sampleEveryMs);

  await Promise.all(
    Array.from({ length: options.bidders }, async (_, worker) => {
      const bidder = target.bidder(worker);
      for (let n = 0; answered + errors < options.bids; n++) {
        const auctionId = ids[(worker + n) % ids.length] as string;
        const amount = (minimum.get(auctionId) ?? 100) + (worker % 3);
        const t0 = performance.now();
        try {
          const res = await postJson(
            target.pool,
            `/api/auctions/${auctionId}/bids`,
            { amount, idempotencyKey: `soak-${worker}-${n}` },
            bidder.headers,
          );
          if (res.status >= 500) throw new Error(String(res.status));
          const next = res.body.minimumNextBid;
          if (typeof next === "number" && next > (minimum.get(auctionId) ?? 0)) minimum.set(auctionId, next);
          if (res.body.accepted === true) {
            acceptedCount++;
            const key = bidKey(auctionId, bidder.id, amount);
            accepted.set(key, (accepted.get(key) ?? 0) + 1);
          }
          answered++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const end = await sample(target.dashboardUrl as string);
  rss.push({ minute: Math.round(seconds / 60), answered, byProcess: Object.fromEntries(end.rssMiB) });
  progress(`soak: all ${answered} bids answered in ${Math.round(seconds)} s; checking history and watchers`);
  await new Promise((r) => setTimeout(r, 3_000)); // the last frames
  for (const [i, auctionId] of ids.entries()) {
    const expected = [...accepted.keys()].filter((k) => k.startsWith(`${auctionId}:`));
    const records = (await settledHistory(target, auctionId, expected.length)).filter((r) => !r.auto);
    const inHistory = new Map<string, number>();
    for (const r of records)
      inHistory.set(bidKey(auctionId, r.bidderId, r.amount), (inHistory.get(bidKey(auctionId, r.bidderId, r.amount)) ?? 0) + 1);
    const watcher = watchers[i] as ReturnType<typeof watch>;
    for (const key of expected) {
      if ((accepted.get(key) ?? 0) !== 1) violations.push(`${key} was accepted ${accepted.get(key)} times`);
      if (inHistory.get(key) !== 1) violations.push(`${key}: accepted, ${inHistory.get(key) ?? 0} times in the bid history`);
      if (watcher.seen.get(key) !== 1) violations.push(`${key}: accepted, seen ${watcher.seen.get(key) ?? 0} times by the watcher`);
    }
    for (const key of inHistory.keys()) if (!accepted.has(key)) violations.push(`${key}: in the history, never accepted`);
    progress(`soak: ${auctionId}: ${expected.length} accepted, ${records.length} in the history, watcher at sequence ${watcher.last()}`);
  }
  for (const w of watchers) w.close();
  return { stats: summarize(latencies, acceptedCount, errors, seconds), perMinute, rss, violations: violations.slice(0, 50) };
}

/** Per process: RSS at the first sample after `fromMinute` and at the end, and the growth. */
export function memoryTrend(report: SoakReport, fromMinute: number): { process: string; from: number; end: number; growth: number }[] {
  const first = report.rss.find((r) => r.minute >= fromMinute) ?? report.rss[0];
  const last = report.rss.at(-1);
  if (!first || !last) return [];
  return Object.entries(last.byProcess)
    .map(([process, end]) => ({
      process,
      from: first.byProcess[process] ?? Number.NaN,
      end,
      growth: end - (first.byProcess[process] ?? end),
    }))
    .sort((a, b) => b.end - a.end);
}
