import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Clock ticks per second of /proc/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface CpuTimes {
  busy: number;
  total: number;
}

/** The machine's CPU time so far (all cores, in clock ticks), from /proc/stat. */
function cpuTimes(): CpuTimes {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** CPU time the whole machine has spent busy so far, in milliseconds (all cores together). */
export function machineBusyMs(): number {
  return (cpuTimes().busy * 1000) / TICKS_PER_SECOND;
}

/**
 * How busy the whole machine was over `ms`, as a share of all its cores (0–100 %) and in
 * cores' worth. Used with nothing else running, it is what the sampled state costs.
 */
export async function machineBusy(ms: number): Promise<{ percent: number; cores: number }> {
  const before = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const after = cpuTimes();
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  return { percent: Math.round(share * 1000) / 10, cores: Math.round(share * cpus().length * 100) / 100 };
}
