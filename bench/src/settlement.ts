/**
 * The settlement scenario (`--scenarios settlement --auctions N`, mesh only): N auctions close
 * at the same moment, each with two bidders whose wallets hold the money; then it measures how
 * long each settlement saga took from the close (the close event's time) to `completed` (the
 * settlement's last change), and how fast notifications got the resulting e-mails into the
 * SMTP server (Mailpit's own receive times).
 */
import { loadManifest } from "@auction-mesh/dev-runner";
import { percentile } from "./stats.js";
import { getJson, postJson, type Target } from "./targets.js";

export interface SettlementReport {
  auctions: number;
  /** Close -> completed, per auction (ms). */
  closeToCompleted: { p50: number; p95: number; max: number };
  /** The close of the first auction -> the last settlement completed (ms). */
  allSettledMs: number;
  /** Mails received from the first close on (won, sold, paid, payout...; outbid mails come before). */
  mails: number;
  /** Those over the span from the first close to the last mail. */
  mailsPerSecond: number;
  mailSpanMs: number;
  /** How long after the last settlement completed its last mail arrived: whether mail keeps up. */
  lastMailAfterLastSettledMs: number;
}

type Settlement = { status: string; updatedAt: string };
type Mail = { Created: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function settlementScenario(
  root: string,
  target: Target,
  auctions: number,
  progress: (s: string) => void,
): Promise<SettlementReport> {
  if (!target.mesh) throw new Error("the settlement scenario runs on the mesh only");
  await target.signIn(auctions * 2);
  progress(`settlement: topping up ${auctions * 2} wallets`);
  for (let i = 0; i < auctions * 2; i++) {
    const { headers } = target.bidder(i);
    const res = await postJson(
      target.pool,
      "/api/wallet/top-ups",
      { amount: 100_000 },
      { ...headers, "idempotency-key": `bench-top-up-${i}-${Date.now()}` },
    );
    if (res.status !== 201) throw new Error(`top-up failed: ${JSON.stringify(res.body)}`);
  }
  const endsAt = Date.now() + 30_000 + auctions * 200;
  const ids = await target.openAuctions(auctions, new Date(endsAt).toISOString());
  progress(`settlement: ${auctions} auctions open, two bids each; all close at ${new Date(endsAt).toISOString()}`);
  for (const [i, id] of ids.entries()) {
    for (const [k, amount] of [
      [2 * i, 100],
      [2 * i + 1, 150],
    ] as const) {
      const res = await postJson(
        target.pool,
        `/api/auctions/${id}/bids`,
        { amount, idempotencyKey: `bench-settle-${id}-${k}` },
        target.bidder(k).headers,
      );
      if (!(res.body as { accepted?: boolean }).accepted) throw new Error(`bid refused: ${JSON.stringify(res.body)}`);
    }
  }
  await sleep(Math.max(0, endsAt - Date.now()));

  progress("settlement: waiting for every saga to complete");
  const completed = new Map<string, number>();
  const deadline = Date.now() + 10 * 60_000;
  while (completed.size < ids.length) {
    if (Date.now() > deadline) throw new Error(`only ${completed.size} of ${ids.length} settlements completed in 10 minutes`);
    for (const [i, id] of ids.entries()) {
      if (completed.has(id)) continue;
      const res = await target.pool.request({
        path: `/api/auctions/${id}/settlement`,
        method: "GET",
        headers: target.bidder(2 * i + 1).headers,
      });
      const body = (await res.body.json()) as Settlement;
      if (res.statusCode === 200 && body.status === "completed") completed.set(id, Date.parse(body.updatedAt));
    }
    await sleep(250);
  }
  const latencies: number[] = [];
  let firstClose = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const { events } = (await getJson(target.pool, `/api/auctions/${id}/events`)) as { events: { type: string; at: string }[] };
    const close = events.find((e) => e.type === "auction-closed");
    if (!close) throw new Error(`no close event for ${id}`);
    firstClose = Math.min(firstClose, Date.parse(close.at));
    latencies.push((completed.get(id) as number) - Date.parse(close.at));
  }
  latencies.sort((a, b) => a - b);

  // notifications sends after the sagas; give the queue a moment to drain, then read the SMTP server.
  const mailpit = `http://127.0.0.1:${loadManifest(root, { file: target.mesh.manifestFile }).embedded.mailpit.httpPort}`;
  let mails: Mail[] = [];
  for (let stable = 0, last = -1; stable < 3; await sleep(1_000)) {
    mails = ((await (await fetch(`${mailpit}/api/v1/messages?limit=10000`)).json()) as { messages: Mail[] }).messages;
    stable = mails.length === last ? stable + 1 : 0;
    last = mails.length;
  }
  const times = mails
    .map((m) => Date.parse(m.Created))
    .filter((t) => t >= firstClose)
    .sort((a, b) => a - b);
  const lastMail = times.at(-1) ?? firstClose;
  const span = lastMail - firstClose;
  const lastSettled = Math.max(...completed.values());
  return {
    auctions: ids.length,
    closeToCompleted: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) as number },
    allSettledMs: lastSettled - firstClose,
    mails: times.length,
    mailsPerSecond: span > 0 ? Math.round((times.length / span) * 1000 * 10) / 10 : 0,
    mailSpanMs: span,
    lastMailAfterLastSettledMs: lastMail - lastSettled,
  };
}
