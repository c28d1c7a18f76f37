import { LotsPage, WatchState } from "@auction-mesh/contracts";
import { apiRequest } from "./http";

const watchPath = (auctionId: string) => `/api/auctions/${encodeURIComponent(auctionId)}/watch`;

export const getWatchState = (auctionId: string, signal?: AbortSignal) =>
  apiRequest(watchPath(auctionId), { schema: WatchState, ...(signal ? { signal } : {}) });

/** Watch (hear when it ends soon) or stop watching; either is safe to repeat. */
export const setWatching = (auctionId: string, watching: boolean) =>
  apiRequest(watchPath(auctionId), { method: watching ? "PUT" : "DELETE", schema: WatchState });

export const getWatchlist = (signal?: AbortSignal) => apiRequest("/api/me/watchlist", { schema: LotsPage, ...(signal ? { signal } : {}) });
