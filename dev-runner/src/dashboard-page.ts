/** The dashboard's single page: it polls /api/status and renders it; no build step. */
export const dashboardPage = (meshName: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meshName} · dev runner</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #f6f8fa; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #eaeef2; }
  .ok { color: #116329; font-weight: 600; } .bad { color: #a40e26; font-weight: 600; }
  pre { background: #0d1117; color: #e6edf3; padding: .6rem; overflow-x: auto; max-height: 18rem; font-size: 12px; }
  details { background: #fff; margin: .4rem 0; padding: .3rem .6rem; border: 1px solid #d0d7de; }
  a { color: #0550ae; }
</style>
</head>
<body>
<h1>${meshName} <small id="summary"></small></h1>
<table aria-label="processes">
  <thead><tr><th>Process</th><th>Kind</th><th>State</th><th>Healthy</th><th>PID</th><th>Restarts</th><th>Ports</th><th>Links</th></tr></thead>
  <tbody id="rows"><tr><td colspan="8">loading…</td></tr></tbody>
</table>
<h2>Sidecar metadata</h2><div id="metadata"></div>
<h2>Recent logs</h2><div id="logs"></div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
// Re-rendering replaces the sections; keep the ones a reader opened open.
const opened = () => new Set([...document.querySelectorAll("details[open]")].map((d) => d.dataset.key));
async function refresh() {
  const open = opened();
  const res = await fetch("/api/status");
  const s = await res.json();
  const healthy = s.processes.filter((p) => p.healthy).length;
  document.getElementById("summary").textContent = "profile " + s.profile + " · " + healthy + "/" + s.processes.length + " healthy";
  document.getElementById("rows").innerHTML = s.processes.map((p) =>
    "<tr><td>" + esc(p.name) + "</td><td>" + esc(p.kind) + "</td><td>" + esc(p.state) + "</td><td class=" + (p.healthy ? "ok>yes" : "bad>no") +
    "</td><td>" + (p.pid ?? "-") + "</td><td>" + p.restarts + "</td><td>" + Object.entries(p.ports).map(([k, v]) => esc(k) + "=" + v).join(" ") +
    "</td><td>" + (s.links[p.name] || []).map((l) => '<a href="' + esc(l.url) + '">' + esc(l.label) + "</a>").join(" ") + "</td></tr>").join("");
  document.getElementById("metadata").innerHTML = Object.entries(s.metadata).map(([name, m]) =>
    "<details data-key="meta-" + esc(name) + """ + (open.has("meta-" + name) ? " open" : "") + "><summary>" + esc(name) + " · " + esc((m.components || []).map((c) => c.name + " (" + c.type + ")").join(", ")) +
    "</summary><pre>" + esc(JSON.stringify(m, null, 2)) + "</pre></details>").join("");
  document.getElementById("logs").innerHTML = Object.entries(s.logs).map(([name, lines]) =>
    "<details data-key="log-" + esc(name) + """ + (open.has("log-" + name) ? " open" : "") + "><summary>" + esc(name) + "</summary><pre>" + esc(lines.join("\\n")) + "</pre></details>").join("");
}
refresh(); setInterval(refresh, 2000);
</script>
</body>
</html>
`;
