import { AppIds, AuctionsRoutes, Listing } from "@auction-mesh/contracts";
import { HttpError, type Sidecar } from "@auction-mesh/service-kit";
import type { Lot } from "./domain/notices.js";
import type { LotFinder } from "./notifier.js";

const KEPT = 2_000;
const FRESH_MS = 10 * 60_000;

/**
 * Lots from the catalogue, remembered for a while: a hot auction's outbid notices would
 * otherwise ask the catalogue once per bid batch. A listing's title and seller do not change
 * once it is live. An auction the catalogue does not know (opened directly in bidding) is
 * remembered as such.
 */
export function catalogueLots(sidecar: Sidecar): LotFinder {
  const kept = new Map<string, { lot: Lot | undefined; at: number }>();
  return async (auctionId) => {
    const hit = kept.get(auctionId);
    if (hit && Date.now() - hit.at < FRESH_MS) return hit.lot;
    let lot: Lot | undefined;
    try {
      const listing = await sidecar.invoke(AppIds.auctions, AuctionsRoutes.get, { auctionId }, Listing);
      lot = { title: listing.title, sellerId: listing.sellerId, endsAt: listing.endsAt };
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(auctionId, { lot, at: Date.now() });
    return lot;
  };
}
