import { linesContaining } from "./dashboard-logs.js";
import { dashboardScript } from "./dashboard-script.js";
import { tracesScript } from "./dashboard-traces-script.js";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] as string);

/** The page's script: compiled TypeScript (dashboard-script.ts, given dashboard-logs.ts' search), run once the page has loaded. */
export function pageScript(): string {
  const source = `(${dashboardScript.toString()})(${linesContaining.toString()});\n(${tracesScript.toString()})();`;
  // Would end the <script> element early; the script builds nodes, so it never needs to say it.
  if (/<\/script/i.test(source)) throw new Error("the dashboard script must not contain </script");
  return source;
}

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #f6f8fa; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #eaeef2; }
  .ok { color: #116329; font-weight: 600; } .bad { color: #a40e26; font-weight: 600; }
  pre { background: #0d1117; color: #e6edf3; padding: .6rem; overflow-x: auto; max-height: 18rem; font-size: 12px; white-space: pre-wrap; }
  details { background: #fff; margin: .4rem 0; padding: .3rem .6rem; border: 1px solid #d0d7de; }
  td details { margin: 0; border: 0; padding: 0; } summary { cursor: pointer; }
  a { color: #0550ae; } small { color: #57606a; font-weight: normal; }
  h3 { font-size: .95rem; margin: .8rem 0 .3rem; }
  #figures { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
  #figures > table { flex: 3 1 32rem; width: auto; } #figures .side { flex: 2 1 20rem; } #figures .side table { margin-bottom: .6rem; }
  #figures td[data-figure] { font-variant-numeric: tabular-nums; }
  .log-tools { display: flex; gap: 1rem; flex-wrap: wrap; } .log-tools input { width: 18rem; }
  .timeline { width: 45%; min-width: 12rem; } .bar { height: .8rem; background: #0969da; border-radius: 2px; }
  .bar.sidecar { background: #8250df; } .bar.failed { background: #cf222e; }
  #trace-find { display: inline; } #trace-id { width: 20rem; font-family: ui-monospace, monospace; }
  .log { background: #0d1117; color: #e6edf3; padding: .6rem; overflow: auto; max-height: 18rem; font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; }
`;

/** The dashboard's single page: its scripts poll /api/status, /api/figures, /api/mail and /api/traces and render them. */
export const dashboardPage = (meshName: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meshName)} · dev runner</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(meshName)} <small id="summary"></small></h1>
<table aria-label="processes">
  <thead><tr><th>Process</th><th>Kind</th><th>State</th><th>Healthy</th><th>PID</th><th>Restarts</th><th>Ports</th><th>Links</th></tr></thead>
  <tbody id="rows"><tr><td colspan="8">loading…</td></tr></tbody>
</table>
<h2>Key figures <small id="figures-note"></small></h2>
<div id="figures"><p>loading…</p></div>
<h2>Received mail <small id="mail-note"></small></h2>
<table aria-label="received mail">
  <thead><tr><th>Time</th><th>To</th><th>From</th><th>Subject</th></tr></thead>
  <tbody id="mail-rows"></tbody>
</table>
<h2 id="traces">Traces <small id="traces-note"></small></h2>
<p class="log-tools">
  <label>Service <select id="trace-service"></select></label>
  <form id="trace-find"><label>Trace id <input id="trace-id" type="search" placeholder="32 hex digits" autocomplete="off"></label> <button>Show</button></form>
</p>
<table aria-label="recent traces">
  <thead><tr><th>Started</th><th>Root span</th><th>Duration</th><th>Spans</th><th>Services</th></tr></thead>
  <tbody id="trace-rows"></tbody>
</table>
<div id="waterfall"></div>
<h2>Sidecar metadata</h2><div id="metadata"></div>
<h2>Recent logs <small id="logs-note"></small></h2>
<p class="log-tools">
  <label>Process <select id="log-process"><option value="">every process</option></select></label>
  <label>Search <input id="log-search" type="search" placeholder="text in a line" autocomplete="off"></label>
</p>
<div id="logs"></div>
<script>${pageScript()}</script>
</body>
</html>
`;
