import type { ProcessStatus } from "./supervisor.js";

/** A fixed-width table of the mesh's processes, for the terminal. */
export function statusTable(rows: ProcessStatus[]): string {
  const header = ["PROCESS", "KIND", "STATE", "HEALTHY", "PID", "RESTARTS", "PORTS"];
  const body = rows.map((r) => [
    r.name,
    r.kind,
    r.state,
    r.healthy ? "yes" : "no",
    r.pid ? String(r.pid) : "-",
    String(r.restarts),
    Object.entries(r.ports)
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}
