import { performance } from "node:perf_hooks";
import { LiveMessages } from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";
import { closedLoop, openLoop } from "./load.js";
import { type RunStats, summarize } from "./stats.js";
import { postJson, type Target } from "./targets.js";

const JOIN_BATCH = 250;
const JOIN_TIMEOUT_MS = 30_000;

type FrameEvent = { type: string; auctionId: string; sequence: number; bidderId?: string; amount?: number };

/** A watcher's view: bid-placed events seen per auction, and any event that came out of order. */
interface Watcher {
  socket: Socket;
  auctionId: string;
  lastSequence: number;
  bidsSeen: number;
  outOfOrder: number;
}

export interface WatchedLoad {
  /** Bids sent by bidders, `rate` per second (open loop) or by `bidders` workers (closed loop). */
  rate?: number;
  bidders?: number;
  durationMs: number;
}

export interface WatchedResult {
  /** Bid acks as the bidders saw them. */
  ack: RunStats;
  /** From sending each accepted bid to each of its auction's watchers receiving it. */
  delivery: RunStats;
  /** Watchers that did not get every accepted bid of their auction, or got events out of order. */
  watchersShort: number;
  watchersOutOfOrder: number;
}

async function connectAndJoin(target: Target, watchers: Watcher[], progress: (text: string) => void): Promise<void> {
  // Joins go in batches, as watchers arrive in life; all at once is the join-storm scenario.
  for (let from = 0; from < watchers.length; from += JOIN_BATCH) {
    const batch = watchers.slice(from, from + JOIN_BATCH);
    const answers = await Promise.allSettled(
      batch.map((w) => w.socket.timeout(JOIN_TIMEOUT_MS).emitWithAck(LiveMessages.join, { auctionId: w.auctionId })),
    );
    const refused = answers.filter((a) => a.status === "rejected" || (a.value as { kind?: string } | undefined)?.kind === "error");
    if (refused.length > 0)
      throw new Error(`${refused.length} of watchers ${from + 1}–${from + batch.length} could not join within ${JOIN_TIMEOUT_MS / 1000} s`);
    for (const [i, a] of answers.entries()) {
      const answer = (a as PromiseFulfilledResult<{ snapshot?: { sequence: number }; events?: FrameEvent[] }>).value;
      const w = batch[i] as Watcher;
      w.lastSequence = Math.max(answer.snapshot?.sequence ?? 0, ...(answer.events ?? []).map((e) => e.sequence));
    }
    progress(`watchers joined: ${from + batch.length}/${watchers.length}`);
  }
  void target;
}

/**
 * Bids on `auctionIds` while `watchers` Socket.IO clients (spread evenly over the auctions)
 * watch: bid ack latency, bid → watcher latency for every accepted bid and each of its
 * auction's watchers, and whether every watcher got every accepted bid, in order. Client and
 * servers share this machine's clock.
 */
export async function watchedBidding(
  target: Target,
  auctionIds: string[],
  watcherCount: number,
  load: WatchedLoad,
  progress: (text: string) => void,
): Promise<WatchedResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const watchers: Watcher[] = [];
  try {
    for (let i = 0; i < watcherCount; i++) {
      const socket = io(target.url, { transports: ["websocket"], reconnection: false });
      const w: Watcher = { socket, auctionId: auctionIds[i % auctionIds.length] as string, lastSequence: 0, bidsSeen: 0, outOfOrder: 0 };
      watchers.push(w);
      socket.on(LiveMessages.events, (frame: FrameEvent[]) => {
        const now = performance.now();
        for (const e of frame) {
          if (e.auctionId !== w.auctionId) continue;
          if (e.sequence <= w.lastSequence) w.outOfOrder++;
          w.lastSequence = Math.max(w.lastSequence, e.sequence);
          if (e.type !== "bid-placed") continue;
          w.bidsSeen++;
          const t0 = sentAt.get(`${e.auctionId}:${e.bidderId}:${e.amount}`);
          if (t0 !== undefined) latencies.push(now - t0);
        }
      });
    }
    await connectAndJoin(target, watchers, progress);
    const minimum = new Map<string, number>();
    const acceptedPer = new Map<string, number>();
    const send = async (worker: number, n: number) => {
      const auctionId = auctionIds[n % auctionIds.length] as string;
      const bidder = target.bidder(worker);
      const amount = (minimum.get(auctionId) ?? 100) + (worker % 7);
      sentAt.set(`${auctionId}:${bidder.id}:${amount}`, performance.now());
      const res = await postJson(
        target.pool,
        `/api/auctions/${auctionId}/bids`,
        { amount, idempotencyKey: `fan-${auctionId}-${worker}-${n}` },
        bidder.headers,
      );
      if (res.status >= 500) throw new Error(String(res.status));
      const next = res.body.minimumNextBid;
      if (typeof next === "number" && next > (minimum.get(auctionId) ?? 0)) minimum.set(auctionId, next);
      if (res.body.accepted === true) acceptedPer.set(auctionId, (acceptedPer.get(auctionId) ?? 0) + 1);
      return { accepted: res.body.accepted === true };
    };
    const ack = load.rate ? await openLoop(load.rate, load.durationMs, send) : await closedLoop(load.bidders ?? 8, load.durationMs, send);
    await new Promise((r) => setTimeout(r, 2_000)); // let the last events arrive
    const delivery = summarize(latencies, ack.accepted, ack.errors, ack.seconds);
    return {
      ack,
      delivery: { ...delivery, perSecond: ack.perSecond },
      watchersShort: watchers.filter((w) => w.bidsSeen < (acceptedPer.get(w.auctionId) ?? 0)).length,
      watchersOutOfOrder: watchers.filter((w) => w.outOfOrder > 0).length,
    };
  } finally {
    for (const w of watchers) w.socket.close();
  }
}

/** `count` connected sockets ask to join one auction at the same moment: the join answer's latency. */
export async function joinStorm(target: Target, auctionId: string, count: number): Promise<RunStats> {
  const sockets = Array.from({ length: count }, () => io(target.url, { transports: ["websocket"], reconnection: false }));
  try {
    await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.connected ? r() : s.once("connect", () => r())))));
    const latencies: number[] = [];
    let errors = 0;
    let answered = 0;
    const started = performance.now();
    await Promise.all(
      sockets.map(async (s) => {
        const t0 = performance.now();
        try {
          const answer = (await s.timeout(JOIN_TIMEOUT_MS).emitWithAck(LiveMessages.join, { auctionId })) as { kind: string };
          if (answer.kind === "error") errors++;
          else answered++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }),
    );
    return summarize(latencies, answered, errors, (performance.now() - started) / 1000);
  } finally {
    for (const s of sockets) s.close();
  }
}
