import { AppIds, SearchQuery, SearchResult, SearchRoutes } from "@auction-mesh/contracts";
import { parseOr400, type Sidecar } from "@auction-mesh/service-kit";
import express, { type Router } from "express";

/**
 * Anyone's search (answered by search: Meilisearch, or PostgreSQL when it is not answering).
 * The query is checked here first: a control character or an over-long text is a 400 at the
 * edge, never a call the sidecars would retry.
 */
export function searchRoutes(sidecar: Sidecar): Router {
  const router = express.Router();
  router.get("/api/search", async (req, res) => {
    const query = parseOr400(SearchQuery, req.query, "query");
    res.json(await sidecar.invoke(AppIds.search, SearchRoutes.query, query, SearchResult));
  });
  return router;
}
