import type { TraceSummary, Waterfall } from "./dashboard-traces.js";

/**
 * The page's traces: a service's latest traces (from /api/traces?service=), and one trace drawn
 * as a waterfall (from /api/traces/<id>) when a row is clicked or the address says
 * `#trace-<id>`; `#traces-<service>` picks the service. Self-contained like dashboardScript (the
 * page embeds its source); span names and services only go into textContent.
 */
export function tracesScript(): void {
  type Child = Node | string;
  const LIST_REFRESH_MS = 5_000;
  let shownTrace = "";

  function byId<T extends HTMLElement>(id: string): T {
    const found = document.getElementById(id);
    if (!found) throw new Error(`the page has no #${id}`);
    return found as T;
  }

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  const ms = (us: number) => (us >= 10_000 ? `${(us / 1000).toFixed(0)} ms` : `${(us / 1000).toFixed(2)} ms`);
  const note = (text: string) => {
    byId("traces-note").textContent = text;
  };

  async function getJson<T>(url: string): Promise<{ ok: true; body: T } | { ok: false; message: string }> {
    const res = await fetch(url);
    const body = (await res.json()) as T & { message?: string };
    return res.ok ? { ok: true, body } : { ok: false, message: body.message ?? `HTTP ${res.status}` };
  }

  async function loadServices(): Promise<void> {
    const status = await getJson<{ processes: { name: string; kind: string }[] }>("/api/status");
    if (!status.ok) return;
    const select = byId<HTMLSelectElement>("trace-service");
    const current = select.value;
    const apps = [...new Set(status.body.processes.filter((p) => p.kind === "app").map((p) => p.name.replace(/-\d+$/, "")))].sort();
    select.replaceChildren(...apps.map((name) => el("option", { value: name }, name)));
    select.value = apps.includes(current) ? current : apps.includes("gateway") ? "gateway" : (apps[0] ?? "");
  }

  function traceRow(t: TraceSummary) {
    const open = el("a", { href: `#trace-${t.traceId}` }, t.root);
    return el(
      "tr",
      { "data-trace": t.traceId },
      el("td", {}, new Date(t.startedAt).toLocaleTimeString()),
      el("td", {}, open, t.error ? el("span", { class: "bad" }, " error") : ""),
      el("td", {}, ms(t.durationUs)),
      el("td", {}, String(t.spans)),
      el("td", {}, t.services.join(", ")),
    );
  }

  async function loadList(): Promise<void> {
    const service = byId<HTMLSelectElement>("trace-service").value;
    if (!service) return;
    const answer = await getJson<{ traces: TraceSummary[] }>(`/api/traces?service=${encodeURIComponent(service)}`);
    const rows = byId("trace-rows");
    if (!answer.ok) {
      note(answer.message);
      rows.replaceChildren();
      return;
    }
    note(`${answer.body.traces.length} latest of ${service}; click one to draw it`);
    rows.replaceChildren(...answer.body.traces.map(traceRow));
  }

  function spanRow(span: Waterfall["spans"][number], total: number) {
    const left = total > 0 ? (span.startUs / total) * 100 : 0;
    const width = total > 0 ? Math.max((span.durationUs / total) * 100, 0.3) : 100;
    const bar = el("div", {
      class: `bar${span.sidecar ? " sidecar" : ""}${span.error ? " failed" : ""}`,
      style: `margin-left:${left.toFixed(2)}%;width:${width.toFixed(2)}%`,
    });
    return el(
      "tr",
      { "data-span": span.spanId },
      el("td", {}, span.service, span.sidecar ? el("small", {}, " sidecar") : ""),
      el("td", { style: `padding-left:${0.6 + span.depth * 0.9}rem` }, span.name, el("small", {}, ` ${span.kind}`)),
      el("td", { class: "timeline" }, bar),
      el("td", {}, ms(span.durationUs)),
    );
  }

  async function showTrace(traceId: string): Promise<void> {
    shownTrace = traceId;
    const box = byId("waterfall");
    box.replaceChildren(el("p", {}, `loading trace ${traceId}…`));
    const answer = await getJson<Waterfall>(`/api/traces/${encodeURIComponent(traceId)}`);
    if (shownTrace !== traceId) return;
    if (!answer.ok) {
      box.replaceChildren(el("p", { class: "bad" }, answer.message));
      return;
    }
    const w = answer.body;
    const services = new Set(w.spans.map((s) => s.service)).size;
    box.replaceChildren(
      el("h3", {}, `Trace ${w.traceId}: ${w.spans.length} spans across ${services} services, ${ms(w.durationUs)}`),
      el(
        "table",
        { "aria-label": "trace waterfall" },
        el("thead", {}, el("tr", {}, el("th", {}, "Service"), el("th", {}, "Span"), el("th", {}, "Time line"), el("th", {}, "Took"))),
        el("tbody", {}, ...w.spans.map((s) => spanRow(s, w.durationUs))),
      ),
    );
  }

  async function followAddress(): Promise<void> {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith("traces-")) {
      byId<HTMLSelectElement>("trace-service").value = hash.slice("traces-".length);
      byId("traces").scrollIntoView();
      await loadList();
    }
    if (hash.startsWith("trace-")) {
      byId("traces").scrollIntoView();
      await showTrace(hash.slice("trace-".length));
    }
  }

  async function start(): Promise<void> {
    await loadServices().catch(() => undefined);
    byId("trace-service").addEventListener("change", () => void loadList());
    byId<HTMLFormElement>("trace-find").addEventListener("submit", (event) => {
      event.preventDefault();
      location.hash = `trace-${byId<HTMLInputElement>("trace-id").value.trim().toLowerCase()}`;
    });
    window.addEventListener("hashchange", () => void followAddress());
    await followAddress();
    await loadList().catch((err: unknown) => note(`could not load traces: ${(err as Error).message}`));
    setInterval(() => void loadList().catch(() => undefined), LIST_REFRESH_MS);
  }

  void start();
}
