import { AppIds, AuctionsRoutes, ListingExportPage, LotsPage } from "@auction-mesh/contracts";
import type { Sidecar } from "@auction-mesh/service-kit";
import type { LotReader } from "./projection.js";
import type { ListingExport } from "./reindex.js";

/** The catalogue's listings as search reads them (access control: exports/* for search only). */
export function catalogueFeed(sidecar: Sidecar): { lot: LotReader; page: ListingExport } {
  return {
    lot: async (auctionId) =>
      (await sidecar.invoke(AppIds.auctions, AuctionsRoutes.exportLots, { auctionIds: [auctionId] }, LotsPage)).items[0],
    page: (after, limit) =>
      sidecar.invoke(AppIds.auctions, AuctionsRoutes.export, { ...(after ? { after } : {}), limit }, ListingExportPage),
  };
}
