import pc from "picocolors";

const PALETTE = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];
const assigned = new Map<string, (s: string) => string>();

function colorFor(name: string): (s: string) => string {
  let color = assigned.get(name);
  if (!color) {
    color = PALETTE[assigned.size % PALETTE.length] as (s: string) => string;
    assigned.set(name, color);
  }
  return color;
}

/** JSON log lines (daprd, pino) are shown as `level message`, anything else as is. */
export function readableLine(text: string): string {
  if (!text.startsWith("{")) return text;
  try {
    const entry = JSON.parse(text) as { level?: unknown; msg?: unknown; trace_id?: unknown };
    if (typeof entry.msg !== "string") return text;
    const level = typeof entry.level === "string" ? entry.level : typeof entry.level === "number" ? String(entry.level) : "";
    const trace = typeof entry.trace_id === "string" ? pc.dim(` trace=${entry.trace_id.slice(0, 8)}`) : "";
    const levelText = /error|fatal/.test(level) ? pc.red(level) : /warn/.test(level) ? pc.yellow(level) : pc.dim(level);
    return `${levelText} ${entry.msg}${trace}`;
  } catch {
    return text;
  }
}

export function prefixed(name: string, width: number, text: string): string {
  return `${colorFor(name)(name.padEnd(width))} ${pc.dim("|")} ${text}`;
}

export function runnerSays(text: string): string {
  return `${pc.bold("runner".padEnd(14))} ${pc.dim("|")} ${text}`;
}
