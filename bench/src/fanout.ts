import { performance } from "node:perf_hooks";
import { LiveMessages } from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";
import { closedLoop } from "./load.js";
import { type RunStats, summarize } from "./stats.js";
import { postJson, type Target } from "./targets.js";

const JOIN_BATCH = 250;
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Bid → watcher latency: `watchers` Socket.IO clients watch one auction while `bidders` place
 * bids for `durationMs`; for every accepted bid, the time from sending it to each watcher
 * receiving its bid-placed event. Client and servers share this machine's clock.
 */
export async function bidToWatcher(
  target: Target,
  auctionId: string,
  watchers: number,
  bidders: number,
  durationMs: number,
  progress: (text: string) => void,
): Promise<RunStats> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < watchers; i++) {
      const socket = io(target.url, { transports: ["websocket"], reconnection: false });
      sockets.push(socket);
      socket.on(LiveMessages.events, (frame: { type: string; auctionId: string; bidderId?: string; amount?: number }[]) => {
        for (const e of frame) {
          if (e.type !== "bid-placed" || e.auctionId !== auctionId) continue;
          const t0 = sentAt.get(`${e.bidderId}:${e.amount}`);
          if (t0 !== undefined) latencies.push(performance.now() - t0);
        }
      });
    }
    // Joins go in batches, as watchers arrive in life; all at once only measures a join storm.
    for (let from = 0; from < sockets.length; from += JOIN_BATCH) {
      const batch = sockets.slice(from, from + JOIN_BATCH);
      const answers = await Promise.allSettled(batch.map((s) => s.timeout(JOIN_TIMEOUT_MS).emitWithAck("auction:join", { auctionId })));
      const refused = answers.filter((a) => a.status === "rejected" || (a.value as { kind?: string } | undefined)?.kind === "error");
      if (refused.length > 0) {
        throw new Error(
          `${refused.length} of watchers ${from + 1}–${from + batch.length} could not join auction ${auctionId} within ${JOIN_TIMEOUT_MS / 1000} s`,
        );
      }
      progress(`watchers joined: ${from + batch.length}/${sockets.length}`);
    }
    let minimum = 100;
    const load = await closedLoop(bidders, durationMs, async (worker, n) => {
      const bidder = target.bidder(worker);
      const amount = minimum + worker;
      sentAt.set(`${bidder.id}:${amount}`, performance.now());
      const res = await postJson(
        target.pool,
        `/api/auctions/${auctionId}/bids`,
        { amount, idempotencyKey: `fan-${auctionId}-${worker}-${n}` },
        bidder.headers,
      );
      const next = res.body.minimumNextBid;
      if (typeof next === "number" && next > minimum) minimum = next;
      return { accepted: res.body.accepted === true };
    });
    await new Promise((r) => setTimeout(r, 2_000)); // let the last events arrive
    const stats = summarize(latencies, load.accepted, load.errors, load.seconds);
    return { ...stats, perSecond: load.perSecond };
  } finally {
    for (const s of sockets) s.close();
  }
}
