/**
 * The dashboard page's script, type-checked against the DOM like any other source. The page
 * embeds it as `(${dashboardScript})()`, so it must stay self-contained: no imports and no
 * module-level helpers (only types, which compile away). Untrusted text (process names, log
 * lines, mail) only ever goes into textContent or attributes, never into markup.
 */
export function dashboardScript(): void {
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

  function processRow(p: ProcessRow, links: Status["links"]) {
    const ports = Object.entries(p.ports).map(([k, v]) => `${k}=${v}`);
    const anchors = (links[p.name] ?? []).flatMap((l) => [el("a", { href: l.url }, l.label), " "]);
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
        return details(`meta-${name}`, `${name} · ${components}`, el("pre", {}, JSON.stringify(m, null, 2)), open);
      }),
    );
    byId("logs").replaceChildren(
      ...Object.entries(s.logs).map(([name, lines]) => details(`log-${name}`, name, el("pre", {}, lines.join("\n")), open)),
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
      await refreshMail();
    } catch (err) {
      byId("summary").textContent = `the runner does not answer (${(err as Error).message})`;
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  void refresh();
}
