import { SearchEventRoutes, SearchQuery, SearchRoutes, Topics } from "@auction-mesh/contracts";
import { type Logger, parseOr400, topicHandler } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import type { Projection } from "./projection.js";
import type { Reindexer } from "./reindex.js";
import type { SearchService } from "./search-service.js";

/** Anyone's search (the gateway), and the rebuild (the runner, through search's own sidecar). */
export function searchRoutes(search: SearchService, reindexer: Reindexer): Router {
  const router = express.Router();

  router.post(`/${SearchRoutes.query}`, async (req, res) => {
    res.json(await search.search(parseOr400(SearchQuery, req.body ?? {}, "query")));
  });

  router.post(`/${SearchRoutes.reindex}`, (_req, res) => {
    res.status(202).json(reindexer.start());
  });

  router.post(`/${SearchRoutes.reindexStatus}`, (_req, res) => {
    res.json(reindexer.status());
  });

  return router;
}

/** What search's sidecar delivers: bidding's events and the catalogue's lifecycle. */
export function searchEventRoutes(projection: Projection, logger: Logger): Router {
  const router = express.Router();
  router.post(
    SearchEventRoutes.auctionEvents,
    topicHandler(Topics.auctionEvents, logger, (batch) => projection.onAuctionEvents(batch)),
  );
  router.post(
    SearchEventRoutes.lifecycle,
    topicHandler(Topics.auctionLifecycle, logger, (event) => projection.onLifecycle(event)),
  );
  return router;
}
