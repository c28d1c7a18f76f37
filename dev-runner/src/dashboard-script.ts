import type { KeyFigures } from "./dashboard-figures.js";

/**
 * The dashboard page's script, type-checked against the DOM like any other source. The page
 * embeds it as `(${dashboardScript})(${linesContaining})`, so it must stay self-contained: no
 * imports and no module-level helpers (only types, which compile away); what it shares with the
 * server comes in as an argument. Untrusted text (process names, log lines, mail, alert
 * summaries) only ever goes into textContent or attributes, never into markup.
 */
export function dashboardScript(linesContaining: (lines: readonly string[], query: string) => string[]): void {
  interface ProcessRow {
    name: string;
    kind: string;
    state: string;
    healthy: boolean;
    pid?: number;
    restarts: number;
    ports: Record<string, number>;
  }
  interface Status {
    profile: string;
    processes: ProcessRow[];
    links: Record<string, { label: string; url: string }[]>;
    logs: Record<string, string[]>;
    metadata: Record<string, { components?: { name: string; type: string }[] }>;
  }
  interface Mail {
    id: string;
    at: string;
    from: string;
    to: string[];
    subject: string;
  }
  type Child = Node | string;

  const REFRESH_MS = 2_000;
  const mailBodies = new Map<string, string>();
  let mailShown = "";
  let logs: Status["logs"] = {};
  let logsShown = "";

  function byId(id: string): HTMLElement {
    const found = document.getElementById(id);
    if (!found) throw new Error(`the page has no #${id}`);
    return found;
  }

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  /** A section of <details>, re-rendered without closing the ones a reader opened. */
  function details(key: string, summary: Child, body: Child, open: Set<string>) {
    const d = el("details", { "data-key": key }, el("summary", {}, summary), body);
    d.open = open.has(key);
    return d;
  }

  const openKeys = () => new Set([...document.querySelectorAll<HTMLDetailsElement>("details[open]")].map((d) => d.dataset.key ?? ""));

  /** A link; one to a section of this page (`#metadata-<sidecar>`) also opens that section. */
  function link(l: { label: string; url: string }) {
    const a = el("a", { href: l.url }, l.label);
    if (l.url.startsWith("#")) {
      a.addEventListener("click", () => {
        const target = document.getElementById(l.url.slice(1));
        if (target instanceof HTMLDetailsElement) target.open = true;
      });
    }
    return a;
  }

  function processRow(p: ProcessRow, links: Status["links"]) {
    const ports = Object.entries(p.ports).map(([k, v]) => `${k}=${v}`);
    const anchors = (links[p.name] ?? []).flatMap((l) => [link(l), " "]);
    return el(
      "tr",
      { "data-process": p.name },
      el("td", {}, p.name),
      el("td", {}, p.kind),
      el("td", {}, p.state),
      el("td", { class: p.healthy ? "ok" : "bad" }, p.healthy ? "yes" : "no"),
      el("td", {}, String(p.pid ?? "-")),
      el("td", {}, String(p.restarts)),
      el("td", {}, ports.join(" ")),
      el("td", {}, ...anchors),
    );
  }

  function renderStatus(s: Status) {
    const open = openKeys();
    const healthy = s.processes.filter((p) => p.healthy).length;
    byId("summary").textContent = `profile ${s.profile} · ${healthy}/${s.processes.length} healthy`;
    byId("rows").replaceChildren(...s.processes.map((p) => processRow(p, s.links)));
    byId("metadata").replaceChildren(
      ...Object.entries(s.metadata).map(([name, m]) => {
        const components = (m.components ?? []).map((c) => `${c.name} (${c.type})`).join(", ");
        const section = details(`meta-${name}`, `${name} · ${components}`, el("pre", {}, JSON.stringify(m, null, 2)), open);
        section.id = `metadata-${name}`;
        return section;
      }),
    );
    logs = s.logs;
    syncProcessChoice(Object.keys(logs));
    renderLogs();
  }

  const logChoice = () => byId("log-process") as HTMLSelectElement;
  const logQuery = () => (byId("log-search") as HTMLInputElement).value;

  /** The process selector's options: every process, then each by name (the choice kept while it exists). */
  function syncProcessChoice(names: string[]) {
    const select = logChoice();
    if ([...select.options].map((o) => o.value).join("\n") === ["", ...names].join("\n")) return;
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "" }, "every process"), ...names.map((n) => el("option", { value: n }, n)));
    select.value = names.includes(chosen) ? chosen : "";
  }

  /** A process's lines, one element each, their text set as text. */
  function logBox(name: string, lines: string[]) {
    const box = el("div", { class: "log", role: "log", "aria-label": `log of ${name}`, "data-process": name });
    for (const line of lines) {
      const row = el("div", { class: "log-line" });
      row.textContent = line;
      box.append(row);
    }
    return box;
  }

  /** Re-renders the log boxes, each kept at its end (following) unless its reader scrolled up. */
  function keepingScroll(render: () => void) {
    const boxes = () => [...document.querySelectorAll<HTMLElement>("#logs .log")];
    const atEnd = (b: HTMLElement) => b.scrollHeight - b.scrollTop - b.clientHeight < 8;
    const before = new Map(boxes().map((b) => [b.dataset.process ?? "", atEnd(b) ? -1 : b.scrollTop]));
    render();
    for (const b of boxes()) {
      const top = before.get(b.dataset.process ?? "") ?? -1;
      b.scrollTop = top === -1 ? b.scrollHeight : top;
    }
  }

  /**
   * The chosen process's lines (or every process's), narrowed to those containing the search
   * text. Every process without a search: a closed section each; otherwise each shown open.
   */
  function renderLogs() {
    const chosen = logChoice().value;
    const query = logQuery().trim();
    const shown = Object.entries(logs)
      .filter(([name]) => chosen === "" || name === chosen)
      .map(([name, all]) => ({ name, all, lines: linesContaining(all, query) }))
      .filter((p) => query === "" || p.lines.length > 0);
    const key = JSON.stringify([chosen, query, shown.map((p) => [p.name, p.lines])]);
    if (key === logsShown) return;
    logsShown = key;
    const matching = shown.reduce((n, p) => n + p.lines.length, 0);
    byId("logs-note").textContent = query === "" ? "" : `${matching} line${matching === 1 ? "" : "s"} contain “${query}”`;
    const open = openKeys();
    keepingScroll(() =>
      byId("logs").replaceChildren(
        ...shown.map(({ name, all, lines }) => {
          const title = query === "" ? name : `${name} · ${lines.length} of ${all.length} lines`;
          if (chosen === "" && query === "") return details(`log-${name}`, title, logBox(name, lines), open);
          return el("section", { class: "log-of", "data-process": name }, el("h3", {}, title), logBox(name, lines));
        }),
      ),
    );
  }

  /** A figure for reading, times `scale` (s → ms, ratio → %): 3 significant digits, "–" with no sample yet. */
  function figure(value: number | null, scale = 1): string {
    if (value === null) return "–";
    const v = value * scale;
    if (v === 0) return "0";
    return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
  }

  const figureCell = (key: string, value: string) =>
    el("td", { "data-figure": key, ...(value === "–" ? { title: "no sample yet" } : {}) }, value);

  function servicesTable(f: KeyFigures) {
    const head = ["Service", "Requests (req/s)", "5xx errors (% of requests)", "Latency p95 (ms)", "CPU (cores)"];
    return el(
      "table",
      { "aria-label": "service figures" },
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
      el(
        "tbody",
        {},
        ...f.services.map((s) =>
          el(
            "tr",
            { "data-service": s.service },
            el("td", {}, s.service),
            figureCell("requests", figure(s.requestsPerSecond)),
            figureCell("errors", figure(s.errorRatio, 100)),
            figureCell("latency-p95", figure(s.latencyP95Seconds, 1000)),
            figureCell("cpu", figure(s.cpuCores)),
          ),
        ),
      ),
    );
  }

  /** Rows of one figure each: its label (with its unit) and its value. */
  function figuresTable(label: string, rows: [key: string, label: string, value: string][]) {
    return el(
      "table",
      { "aria-label": label },
      el("tbody", {}, ...rows.map(([key, name, value]) => el("tr", {}, el("th", { scope: "row" }, name), figureCell(key, value)))),
    );
  }

  function biddingTable({ bidding: b }: KeyFigures) {
    const codes = Object.entries(b.refusedPerSecondByCode).flatMap(([code, v]) => (v ? [`${code} ${figure(v)}`] : []));
    const refused = figure(b.refusedPerSecond) + (codes.length > 0 ? ` (${codes.join(", ")})` : "");
    return figuresTable("bidding figures", [
      ["bids-accepted", "Bids accepted (bids/s)", figure(b.acceptedPerSecond)],
      ["bids-refused", "Bids refused (bids/s, by code)", refused],
      ["bid-turn-p95", "Bid turn p95 (ms)", figure(b.turnP95Seconds, 1000)],
      ["fanout-lag-p95", "Live fan-out lag p95 (ms)", figure(b.fanoutLagP95Seconds, 1000)],
      ["live-watchers", "Live watchers (connections)", figure(b.liveWatchers)],
    ]);
  }

  function healthTable({ targets, alerts }: KeyFigures) {
    const down = targets.down.map((t) => `${t.service || t.job} ${t.instance}`);
    return figuresTable("mesh health", [
      [
        "targets-up",
        "Metrics targets up (of total)",
        `${targets.up} of ${targets.total}${down.length > 0 ? ` · down: ${down.join(", ")}` : ""}`,
      ],
      ["alerts-firing", "Alerts firing (count)", String(alerts.length)],
    ]);
  }

  const alertList = ({ alerts }: KeyFigures) =>
    el(
      "ul",
      { "aria-label": "firing alerts" },
      ...alerts.map((a) =>
        el("li", { class: "bad" }, `${a.name} (${a.severity}, since ${new Date(a.since).toLocaleTimeString()}): ${a.summary}`),
      ),
    );

  async function refreshFigures() {
    const { ok, body } = await getJson<KeyFigures>("/api/figures");
    byId("figures-note").textContent = ok ? `as of ${new Date(body.at).toLocaleTimeString()} · rates over 1 min · – no sample yet` : "";
    byId("figures").replaceChildren(
      ...(ok
        ? [servicesTable(body), el("div", { class: "side" }, biddingTable(body), healthTable(body), alertList(body))]
        : [el("p", { class: "figures-missing" }, body.message ?? "The key figures are not available.")]),
    );
  }

  async function getJson<T>(path: string): Promise<{ ok: boolean; body: T & { message?: string } }> {
    const res = await fetch(path, { cache: "no-store" });
    return { ok: res.ok, body: await res.json() };
  }

  /** Fills every shown body of message `id` (a refresh may have replaced the one that asked). */
  function showMailBody(id: string) {
    for (const pre of document.querySelectorAll<HTMLElement>("pre[data-mail-id]")) {
      if (pre.dataset.mailId === id) pre.textContent = mailBodies.get(id) ?? "loading…";
    }
  }

  async function loadMailBody(id: string) {
    if (!mailBodies.has(id)) {
      const { ok, body } = await getJson<{ text: string }>(`/api/mail/${encodeURIComponent(id)}`);
      mailBodies.set(id, ok ? body.text || "(no plain-text body)" : `could not read it: ${body.message ?? "error"}`);
    }
    showMailBody(id);
  }

  function mailRow(m: Mail, open: Set<string>) {
    const key = `mail-${m.id}`;
    const body = details(key, m.subject || "(no subject)", el("pre", { "data-mail-id": m.id }, mailBodies.get(m.id) ?? "loading…"), open);
    body.addEventListener("toggle", () => {
      if (body.open) void loadMailBody(m.id);
    });
    if (body.open) void loadMailBody(m.id);
    return el(
      "tr",
      { "data-mail": m.id },
      el("td", {}, new Date(m.at).toLocaleString()),
      el("td", {}, m.to.join(", ")),
      el("td", {}, m.from),
      el("td", {}, body),
    );
  }

  async function refreshMail() {
    const { ok, body } = await getJson<{ total: number; messages: Mail[] }>("/api/mail");
    const shown = ok ? body.messages.map((m) => m.id).join(",") : `error:${body.message}`;
    if (shown === mailShown) return;
    mailShown = shown;
    byId("mail-note").textContent = ok ? `${body.messages.length} of ${body.total} (newest first)` : (body.message ?? "error");
    const open = openKeys();
    byId("mail-rows").replaceChildren(...(ok ? body.messages.map((m) => mailRow(m, open)) : []));
  }

  async function refresh() {
    try {
      const status = await getJson<Status>("/api/status");
      renderStatus(status.body);
      await Promise.all([refreshMail(), refreshFigures()]);
    } catch (err) {
      byId("summary").textContent = `the runner does not answer (${(err as Error).message})`;
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  byId("log-process").addEventListener("change", renderLogs);
  byId("log-search").addEventListener("input", renderLogs);
  void refresh();
}
