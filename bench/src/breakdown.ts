/**
 * Where a scenario's work goes: CPU time of every mesh process (from /proc, so nothing inside
 * the services changes) and the counters of every daprd (Prometheus text on its metrics port):
 * requests between apps and sidecars, messages published and delivered, state operations.
 * Sampled before and after a scenario; the difference divided by the bids answered gives the
 * per-bid cost of each process and how many HTTP requests, messages and state writes a bid makes.
 */
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface MeshProcess {
  name: string;
  kind: string;
  pid?: number;
  ports: Record<string, number>;
}

export interface Sample {
  at: number;
  /** CPU milliseconds (user + system) so far, by process name. */
  cpuMs: Map<string, number>;
  /** Resident memory in MiB, by process name. */
  rssMiB: Map<string, number>;
  /** daprd counters (summed over labels), by "sidecar metric". */
  counters: Map<string, number>;
}

function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function rssMiBOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The daprd counters that say what a bid costs in requests, messages and state operations. */
const COUNTERS = [
  "dapr_http_server_request_count",
  "dapr_http_client_completed_count",
  "dapr_component_pubsub_egress_count",
  "dapr_component_pubsub_ingress_count",
  "dapr_component_state_count",
  "dapr_component_transaction_count",
  "dapr_runtime_actor_pending_actor_calls",
  "dapr_grpc_io_server_completed_rpcs",
  "dapr_grpc_io_client_completed_rpcs",
];

async function countersOf(port: number): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split("\n")) {
      if (line.startsWith("#")) continue;
      const name = line.slice(0, line.search(/[{ ]/));
      if (!COUNTERS.includes(name)) continue;
      sums.set(name, (sums.get(name) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
    }
  } catch {
    // a sidecar that is restarting: no counters this time
  }
  return sums;
}

export async function sample(dashboardUrl: string): Promise<Sample> {
  const { processes } = (await (await fetch(`${dashboardUrl}/api/status`)).json()) as { processes: MeshProcess[] };
  const result: Sample = { at: Date.now(), cpuMs: new Map(), rssMiB: new Map(), counters: new Map() };
  result.cpuMs.set("load generator", process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000);
  for (const p of processes) {
    if (!p.pid) continue;
    const cpu = cpuMsOf(p.pid);
    const rss = rssMiBOf(p.pid);
    if (cpu !== undefined) result.cpuMs.set(p.name, cpu);
    if (rss !== undefined) result.rssMiB.set(p.name, rss);
    if (p.kind === "sidecar" && p.ports.metrics) {
      for (const [metric, value] of await countersOf(p.ports.metrics)) result.counters.set(`${p.name} ${metric}`, value);
    }
  }
  return result;
}

export interface Breakdown {
  scenario: string;
  bids: number;
  accepted: number;
  /** CPU ms per answered bid, by process, largest first. */
  cpuMsPerBid: [string, number][];
  /** Counter increments per answered bid, by "sidecar metric". */
  perBid: [string, number][];
  rssMiB: [string, number][];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function breakdown(scenario: string, before: Sample, after: Sample, bids: number, accepted: number): Breakdown {
  const per = (a: Map<string, number>, b: Map<string, number>) =>
    [...b.entries()]
      .map(([k, v]) => [k, round((v - (a.get(k) ?? 0)) / Math.max(1, bids), 3)] as [string, number])
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1]);
  return {
    scenario,
    bids,
    accepted,
    cpuMsPerBid: per(before.cpuMs, after.cpuMs),
    perBid: per(before.counters, after.counters),
    rssMiB: [...after.rssMiB.entries()].sort((x, y) => y[1] - x[1]),
  };
}

export function formatBreakdown(b: Breakdown): string {
  const total = round(b.cpuMsPerBid.reduce((s, [, v]) => s + v, 0));
  const perAccepted = b.bids / Math.max(1, b.accepted);
  return [
    `${b.scenario}: ${b.bids} bids answered, ${b.accepted} accepted; CPU per answered bid ${total} ms in all`,
    `  CPU ms per answered bid: ${b.cpuMsPerBid.map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `  daprd counters per answered bid (× ${round(perAccepted)} per accepted bid): ${b.perBid.map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `  RSS MiB: ${b.rssMiB.map(([k, v]) => `${k} ${v}`).join(", ")}`,
  ].join("\n");
}
