import { AuctionsEventRoutes, Components, Jobs as JobNames, Topics } from "@auction-mesh/contracts";
import { jobHandler, type Logger, topicHandler } from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import type { Catalogue } from "./catalogue.js";
import type { Housekeeping } from "./housekeeping.js";
import type { ListingStore } from "./listing-store.js";

/**
 * What the sidecar delivers: bidding's events (the bid history read model and the final
 * result), the scheduler's start jobs and the cron binding's housekeeping calls.
 */
export function sidecarRoutes(catalogue: Catalogue, store: ListingStore, housekeeping: Housekeeping, logger: Logger): Router {
  const router = express.Router();

  router.post(
    AuctionsEventRoutes.auctionEvents,
    topicHandler(Topics.auctionEvents, logger, async ({ events }) => {
      // Auctions opened outside the catalogue have no listing: both writes skip them.
      await store.recordBids(events.filter((e) => e.type === "bid-placed"));
      for (const event of events) if (event.type === "auction-closed") await store.recordClose(event);
    }),
  );

  router.post(
    `${JobNames.route}/:name`,
    jobHandler(JobNames.startAuctionPrefix, logger, (auctionId) => catalogue.start(auctionId)),
  );

  // The cron input binding: daprd POSTs to the component's name. A failure answers 500 and
  // the next tick tries again (nothing is half done: each batch is one statement).
  router.post(`/${Components.cleanupSchedule}`, async (_req, res) => {
    res.json(await housekeeping.run());
  });

  return router;
}
