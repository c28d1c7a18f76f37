import { createServer, type Server } from "node:http";
import { dashboardPage } from "./dashboard-page.js";
import type { Supervisor } from "./supervisor.js";

const LOG_LINES = 30;

/** Serves the dashboard page and its JSON (GET /api/status) on loopback. */
export function startDashboard(supervisor: Supervisor, meshName: string, profile: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/api/status") {
        const processes = await supervisor.status();
        const links: Record<string, { label: string; url: string }[]> = {};
        for (const p of supervisor.processes) {
          const l: { label: string; url: string }[] = [{ label: "health", url: p.spec.healthUrl }];
          if (p.spec.kind === "app") l.push({ label: "app", url: `http://127.0.0.1:${p.spec.ports.app}/` });
          if (p.spec.kind === "sidecar") l.push({ label: "metrics", url: `http://127.0.0.1:${p.spec.ports.metrics}/metrics` });
          links[p.spec.name] = l;
        }
        const logs = Object.fromEntries(supervisor.processes.map((p) => [p.spec.name, p.recent.slice(-LOG_LINES).map((l) => l.text)]));
        const body = JSON.stringify({ name: meshName, profile, processes, links, logs, metadata: await supervisor.sidecarMetadata() });
        res.writeHead(200, { "content-type": "application/json" }).end(body);
        return;
      }
      if (req.url === "/" || req.url === "/index.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(dashboardPage(meshName));
        return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ code: "NOT_FOUND", message: `no page ${req.url}` }));
    } catch (err) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ code: "INTERNAL", message: (err as Error).message }));
    }
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveServer(server));
  });
}
