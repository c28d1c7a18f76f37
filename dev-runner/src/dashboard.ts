import { createServer, type Server, type ServerResponse } from "node:http";
import { figuresReply } from "./dashboard-figures.js";
import { errorReply, type Reply } from "./dashboard-http.js";
import { mailList, mailMessage } from "./dashboard-mail.js";
import { dashboardPage } from "./dashboard-page.js";
import { traceDetail, traceList } from "./dashboard-traces.js";
import type { ProcessSpec } from "./plan/types.js";
import type { ProcessStatus } from "./supervisor.js";

const LOG_LINES = 30;
const MAIL_PREFIX = "/api/mail/";
const TRACE_PREFIX = "/api/traces/";

/** What the dashboard reads from the supervisor (a Supervisor is one). */
export interface DashboardSource {
  readonly processes: readonly { spec: ProcessSpec; recent: readonly { text: string }[] }[];
  status(): Promise<ProcessStatus[]>;
  sidecarMetadata(): Promise<Record<string, unknown>>;
}

type Link = { label: string; url: string };

/**
 * An embedded server's HTTP API (its `http` port), when the mesh runs it: Mailpit, Prometheus and
 * Jaeger (the plan has a process of that name only when the profile embeds it and, for
 * Prometheus, the binary is there).
 */
const embeddedUrl = (source: DashboardSource, name: "mailpit" | "prometheus" | "jaeger"): string | undefined => {
  const port = source.processes.find((p) => p.spec.name === name)?.spec.ports.http;
  return port === undefined ? undefined : `http://127.0.0.1:${port}`;
};

/** The services the mesh runs (their apps), for a row each in the key figures even before Prometheus has any. */
const servicesOf = (source: DashboardSource) => [
  ...new Set(source.processes.flatMap((p) => (p.spec.kind === "app" && p.spec.service ? [p.spec.service] : []))),
];

/** The process table's links; `#metadata-<name>` is the sidecar's metadata on the page itself (daprd's own wants the API token). */
function linksOf(spec: ProcessSpec): Link[] {
  // A database's health is a connection (postgresql://…), nothing a browser opens.
  const links: Link[] = spec.healthUrl.startsWith("http") ? [{ label: "health", url: spec.healthUrl }] : [];
  const local = (port: number | undefined, path: string) => `http://127.0.0.1:${port}${path}`;
  if (spec.kind === "app") {
    links.push({ label: "app", url: local(spec.ports.app, "/") }, { label: "metrics", url: local(spec.ports.app, "/metrics") });
  }
  if (spec.kind === "sidecar") {
    links.push({ label: "metadata", url: `#metadata-${spec.name}` }, { label: "metrics", url: local(spec.ports.metrics, "/metrics") });
  }
  if (spec.name === "mailpit") links.push({ label: "mail", url: local(spec.ports.http, "/api/v1/messages") });
  if (spec.name === "prometheus") links.push({ label: "ui", url: local(spec.ports.http, "/graph") });
  if (spec.name === "jaeger") links.push({ label: "api", url: local(spec.ports.http, "/api/services") });
  // A service's latest traces, drawn on this page.
  if (spec.kind === "app" && spec.service) links.push({ label: "traces", url: `#traces-${spec.service}` });
  return links;
}

async function statusReply(source: DashboardSource, meshName: string, profile: string): Promise<Reply> {
  const processes = await source.status();
  const links = Object.fromEntries(source.processes.map((p) => [p.spec.name, linksOf(p.spec)]));
  const logs = Object.fromEntries(source.processes.map((p) => [p.spec.name, p.recent.slice(-LOG_LINES).map((l) => l.text)]));
  return { status: 200, body: { name: meshName, profile, processes, links, logs, metadata: await source.sidecarMetadata() } };
}

/** The JSON routes: /api/status, /api/figures, /api/mail, /api/mail/<id>, /api/traces?service=, /api/traces/<id>; anything else is a JSON 404. */
export async function apiReply(
  source: DashboardSource,
  meshName: string,
  profile: string,
  path: string,
  query = new URLSearchParams(),
): Promise<Reply> {
  if (path === "/api/status") return statusReply(source, meshName, profile);
  if (path === "/api/traces") return traceList(embeddedUrl(source, "jaeger"), query.get("service") ?? "gateway");
  if (path.startsWith(TRACE_PREFIX)) return traceDetail(embeddedUrl(source, "jaeger"), path.slice(TRACE_PREFIX.length));
  if (path === "/api/figures") return figuresReply(embeddedUrl(source, "prometheus"), servicesOf(source));
  if (path === "/api/mail") return mailList(embeddedUrl(source, "mailpit"));
  if (path.startsWith(MAIL_PREFIX)) return mailMessage(embeddedUrl(source, "mailpit"), path.slice(MAIL_PREFIX.length));
  return errorReply(404, "NOT_FOUND", `no page ${path}`);
}

const sendJson = (res: ServerResponse, reply: Reply) =>
  res.writeHead(reply.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(reply.body));

/** Serves the dashboard page and its JSON (GET /api/status, /api/figures, /api/mail, /api/traces) on loopback. */
export function startDashboard(source: DashboardSource, meshName: string, profile: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://dashboard");
      const path = url.pathname;
      if (path === "/" || path === "/index.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(dashboardPage(meshName));
        return;
      }
      sendJson(res, await apiReply(source, meshName, profile, path, url.searchParams));
    } catch (err) {
      if (!res.headersSent) sendJson(res, errorReply(500, "INTERNAL", (err as Error).message));
      else res.end();
    }
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveServer(server));
  });
}
