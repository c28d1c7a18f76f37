/**
 * `npm run bench -- --targets mesh --scenarios chaos`: faults under load (issue 9). A bid storm
 * runs on several auctions while, in turn, bidding, bidding's daprd, the gateway's daprd,
 * placement, scheduler and the embedded NATS are SIGKILLed and PostgreSQL is restarted. For
 * each victim it measures recovery (from the kill: the runner reports the victim healthy again;
 * a bid through gateway replica 0 is accepted again; every watcher has that bid's event) and how
 * late the close of auctions ending during the fault reaches the last watcher, after max(end,
 * recovery). At the end it checks what the integration test checks (chaos.test.ts): every
 * accepted bid exactly once, every watcher and both REST feeds the same gap-free stream, one
 * close per closing auction.
 */
import { execFileSync } from "node:child_process";
import { LiveWatcher } from "@auction-mesh/dev-runner";
import type { Target } from "./targets.js";

interface Answer {
  auctionId: string;
  bidderId: string;
  amount: number;
  accepted: boolean;
  sequence?: number;
  minimumNextBid?: number;
  code?: string;
}

export interface ChaosRow {
  victim: string;
  backMs: number;
  bidMs: number;
  watchersMs: number;
  /** Per auction ending during the fault: ms after max(its end, recovery) until the last watcher applied its close. */
  closeLateMs: number[];
}

export interface ChaosReport {
  rows: ChaosRow[];
  /** Violations of the invariants (empty when all held). */
  violations: string[];
  acceptedBids: number;
  answeredBids: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Victim {
  name: string;
  kill(): Promise<void>;
  back(): Promise<boolean>;
}

function restartPostgres(): void {
  const cluster = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((c) => c[2] === "5432");
  if (cluster?.[0] && cluster[1]) execFileSync("pg_ctlcluster", [cluster[0], cluster[1], "restart"], { stdio: "ignore" });
  else execFileSync("systemctl", ["restart", "postgresql"], { stdio: "ignore" });
}

/**
 * Runs the chaos scenario on a mesh target started with two gateway replicas.
 * `bidders` storm `hotAuctions` long-lived auctions plus two auctions per victim that end around its kill.
 */
export async function chaos(
  target: Target,
  options: { bidders: number; hotAuctions: number; watchersPerReplica: number; stormSeconds: number },
  progress: (text: string) => void,
): Promise<ChaosReport> {
  const mesh = target.mesh;
  if (!mesh) throw new Error("chaos needs the dapr mesh target");
  const replicaUrl = (r: number) => `http://127.0.0.1:${mesh.ports.gatewayApp + r * 10}`;
  const answers: Answer[] = [];
  const violations: string[] = [];

  async function status(): Promise<{ name: string; pid: number; restarts: number; healthy: boolean }[]> {
    const res = await fetch(`${mesh?.dashboardUrl}/api/status`);
    return ((await res.json()) as { processes: { name: string; pid: number; restarts: number; healthy: boolean }[] }).processes;
  }

  /** One bid, retried with the same key through 5xx, 429 and dropped connections until answered. */
  async function bid(replica: number, auctionId: string, worker: number, amount: number, key: string): Promise<Answer> {
    const bidder = target.bidder(worker);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${replicaUrl(replica)}/api/auctions/${auctionId}/bids`, {
          method: "POST",
          headers: { "content-type": "application/json", ...bidder.headers },
          body: JSON.stringify({ amount, idempotencyKey: key }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await res.json()) as Omit<Answer, "auctionId" | "bidderId" | "amount">;
        if (res.status < 500 && res.status !== 429) {
          const answer = { ...body, auctionId, bidderId: bidder.id, amount };
          answers.push(answer);
          return answer;
        }
      } catch {
        // no answer: the same key again
      }
      await sleep(100);
    }
    throw new Error(`no answer to ${key} in 120 s`);
  }

  let phaseNo = 0;
  function storm(auctionId: string, workers: number[], stop: () => boolean): Promise<void> {
    const phase = phaseNo;
    return Promise.all(
      workers.map(async (worker) => {
        let next = 100;
        for (let k = 0; !stop(); k++) {
          const answer = await bid(worker % 2, auctionId, worker, next + (worker % 3), `chaos-${phase}-${auctionId}-${worker}-${k}`);
          if (!answer.accepted && answer.code === "AUCTION_CLOSED") return;
          next = Math.max(next, answer.minimumNextBid ?? next + 1);
        }
      }),
    ).then(() => undefined);
  }

  const meshVictim = (name: string): Victim => {
    let before: { pid: number; restarts: number } | undefined;
    return {
      name,
      async kill() {
        before = (await status()).find((p) => p.name === name);
        if (!before) throw new Error(`the runner reports no process '${name}'`);
        process.kill(before.pid, "SIGKILL");
      },
      async back() {
        const p = (await status()).find((q) => q.name === name);
        return p !== undefined && p.pid !== before?.pid && p.restarts > (before?.restarts ?? 0) && p.healthy;
      },
    };
  };

  await target.signIn(options.bidders + 2);
  const hot = await target.openAuctions(options.hotAuctions);
  const watchers: LiveWatcher[] = [];
  for (const r of [0, 1]) {
    for (let n = 0; n < options.watchersPerReplica; n++) watchers.push(new LiveWatcher(`replica ${r} watcher ${n}`, replicaUrl(r)));
  }
  await Promise.all(watchers.map((w) => w.connected()));
  await Promise.all(hot.flatMap((id) => watchers.map((w) => w.watch(id))));
  const postgres: Victim = {
    name: "postgresql",
    // The mesh's embedded server (the default profile) is killed whole, as in a crash, and the
    // runner restarts it; an installed one (this machine's) is restarted as its operator would.
    kill: async () => {
      const embedded = (await status()).find((p) => p.name === "postgres");
      if (embedded) process.kill(-embedded.pid, "SIGKILL");
      else restartPostgres();
    },
    back: async () => (await fetch(`${replicaUrl(0)}/api/auctions/${hot[0]}`)).status === 200,
  };
  const victims = [...["bidding", "bidding-dapr", "gateway-dapr", "placement", "scheduler", "nats"].map(meshVictim), postgres];
  const workers = Array.from({ length: options.bidders }, (_, i) => i);
  const prober = options.bidders; // two more accounts, alternating, probe recovery on hot[0]
  const closingAll: { id: string; endsAt: number }[] = [];
  const rows: ChaosRow[] = [];

  try {
    for (const victim of victims) {
      phaseNo++;
      // The catalogue publishes only auctions that end at least 5 s later.
      const ends = [7, 11].map((s) => Date.now() + s * 1000);
      const closing = await Promise.all(ends.map(async (e) => (await target.openAuctions(1, new Date(e).toISOString()))[0] as string));
      closingAll.push(...closing.map((id, i) => ({ id, endsAt: ends[i] as number })));
      await Promise.all(closing.flatMap((id) => watchers.map((w) => w.watch(id))));
      let stopped = false;
      // Bidders spread over the hot auctions; every bidder also storms the closing ones.
      const storms = [
        ...hot.map((id, h) =>
          storm(
            id,
            workers.filter((w) => w % hot.length === h),
            () => stopped,
          ),
        ),
        ...closing.map((id) => storm(id, workers, () => stopped)),
      ];
      await sleep(1_500);
      progress(`chaos: SIGKILL ${victim.name}`);
      const killAt = Date.now();
      await victim.kill();
      const backAt = (async () => {
        while (!(await victim.back().catch(() => false))) await sleep(100);
        return Date.now();
      })();
      const probe = (async () => {
        let next = 100;
        for (let k = 0; ; k++) {
          // Well over the minimum, so it does not lose the race with the storm.
          const answer = await bid(0, hot[0] as string, prober + (k % 2), next + 50, `probe-${victim.name}-${k}-${killAt}`);
          if (answer.accepted) return { at: Date.now(), sequence: answer.sequence as number };
          next = answer.minimumNextBid ?? next + 1;
        }
      })();
      const seenAt = probe.then(async ({ sequence }) => {
        const key = `${hot[0]}:${sequence}`;
        const deadline = Date.now() + 120_000;
        while (!watchers.every((w) => w.received.has(key)) && Date.now() < deadline) await sleep(20);
        return Math.max(...watchers.map((w) => w.received.get(key) ?? Number.NaN));
      });
      const [back, bidAt, seen] = await Promise.all([backAt, probe.then((p) => p.at), seenAt]);
      const recoveredAt = Math.max(back, bidAt, seen);
      await Promise.all(storms.slice(hot.length));
      await sleep(Math.max(0, options.stormSeconds * 1000 - (Date.now() - recoveredAt)));
      stopped = true;
      await Promise.all(storms);
      // Closes can come late (the scheduler's restart): wait up to 40 s for every watcher to hear them.
      const heardAll = () => closing.every((id) => watchers.every((w) => w.events(id).some((e) => e.type === "auction-closed")));
      for (const until = Date.now() + 40_000; !heardAll() && Date.now() < until; ) await sleep(100);
      const closeLateMs = closing.map((id, i) => {
        const heard = Math.max(
          ...watchers.map((w) => {
            const close = w.events(id).find((e) => e.type === "auction-closed");
            return close ? (w.appliedAt.get(`${id}:${close.sequence}`) ?? Number.NaN) : Number.NaN;
          }),
        );
        return heard - Math.max(ends[i] as number, recoveredAt);
      });
      const row = { victim: victim.name, backMs: back - killAt, bidMs: bidAt - killAt, watchersMs: seen - killAt, closeLateMs };
      rows.push(row);
      progress(`chaos: ${JSON.stringify(row)}`);
    }

    // The invariants, over every auction of the run.
    for (const { id } of [...hot.map((id) => ({ id })), ...closingAll]) {
      const snapshot = (await (await fetch(`${replicaUrl(0)}/api/auctions/${id}/live`)).json()) as { sequence: number };
      const final = snapshot.sequence;
      const deadline = Date.now() + 20_000;
      while (watchers.some((w) => w.last(id) < final) && Date.now() < deadline) {
        for (const w of watchers.filter((x) => x.last(id) < final)) void w.join(id);
        await sleep(500);
      }
      const reference = JSON.stringify(Array.from({ length: final }, (_, i) => i + 1));
      for (const w of watchers) {
        if (JSON.stringify(w.events(id).map((e) => e.sequence)) !== reference)
          violations.push(`${w.name} has ${w.events(id).length} of ${final} events of ${id} (${w.problems.slice(-2).join("; ")})`);
      }
      for (const r of [0, 1]) {
        const feed = ((await (await fetch(`${replicaUrl(r)}/api/auctions/${id}/events`)).json()) as { events: { sequence: number }[] })
          .events;
        // The gateway keeps each auction's last 1,000 events: the feed is the tail of the stream.
        if (JSON.stringify(feed.map((e) => e.sequence)) !== JSON.stringify(JSON.parse(reference).slice(-1000)))
          violations.push(`REST feed of replica ${r} has ${feed.length} of ${final} events of ${id}`);
      }
      const stream = watchers.find((w) => w.events(id).length === final)?.events(id) ?? [];
      const placed = stream.flatMap((e) => (e.type === "bid-placed" ? [`${e.bidderId}:${e.amount}`] : [])).sort();
      const accepted = answers.filter((a) => a.auctionId === id && a.accepted).map((a) => `${a.bidderId}:${a.amount}`);
      const missing = accepted.filter((a) => !placed.includes(a));
      if (missing.length > 0) violations.push(`${id}: ${missing.length} accepted bids not in the stream`);
      if (new Set(placed).size !== placed.length) violations.push(`${id}: a bid appears twice in the stream`);
      if (placed.length !== accepted.length) violations.push(`${id}: ${placed.length} bids in the stream, ${accepted.length} accepted`);
      const closes = stream.filter((e) => e.type === "auction-closed").length;
      if (closingAll.some((c) => c.id === id) && closes !== 1) violations.push(`${id}: ${closes} closes`);
    }
  } finally {
    for (const w of watchers) w.close();
  }
  return { rows, violations, acceptedBids: answers.filter((a) => a.accepted).length, answeredBids: answers.length };
}
