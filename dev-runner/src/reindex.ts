import { AppIds, ReindexStatus, SearchRoutes } from "@auction-mesh/contracts";
import pc from "picocolors";

/** A failure the CLI reports as one line, never a stack trace. */
export class ReindexError extends Error {}

/**
 * `npm run mesh -- reindex`: asks the search service (through its own sidecar, with the mesh's
 * Dapr API token) to rebuild its projection from the catalogue and Meilisearch from that, then
 * prints its progress until it is done. Exit code 0 when done, 1 when it failed.
 */
export async function runReindex(sidecarHttpPort: number, daprApiToken: string, pollMs = 500): Promise<number> {
  const call = async (route: string): Promise<ReindexStatus> => {
    const url = `http://127.0.0.1:${sidecarHttpPort}/v1.0/invoke/${AppIds.search}/method/${route}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "dapr-api-token": daprApiToken, "content-type": "application/json" },
        body: "{}",
      });
    } catch {
      throw new ReindexError(`search's sidecar does not answer on 127.0.0.1:${sidecarHttpPort}: is the mesh running (npm run dev)?`);
    }
    const parsed = ReindexStatus.safeParse(await res.json().catch(() => undefined));
    if (!res.ok || !parsed.success)
      throw new ReindexError(`search answered ${res.status} to ${route}; see its log (npm run mesh -- logs search-0)`);
    return parsed.data;
  };
  let status = await call(SearchRoutes.reindex);
  console.log(`reindex started ${status.startedAt ?? ""}`);
  let shown = -1;
  while (status.state === "running") {
    if (status.indexed !== shown) console.log(`  ${status.indexed.toLocaleString("en-US")} listings read from the catalogue…`);
    shown = status.indexed;
    await new Promise((r) => setTimeout(r, pollMs));
    status = await call(SearchRoutes.reindexStatus);
  }
  if (status.state === "failed") {
    console.error(pc.red(`✗ reindex failed after ${status.indexed} listings: ${status.error ?? "unknown error"}`));
    return 1;
  }
  console.log(pc.green(`✓ reindexed ${status.indexed.toLocaleString("en-US")} listings; Meilisearch catches up from the projection`));
  return 0;
}
