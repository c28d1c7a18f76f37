import type { Listing } from "@auction-mesh/contracts";
import { useEffect, useState } from "react";
import { getAuction } from "../api/auctions";
import { ApiError } from "../api/http";

export type ListingLoad = { kind: "loading" } | { kind: "loaded"; listing: Listing } | { kind: "failed"; error: ApiError };

/** Loads one listing (title, photos, description, schedule) for the auction room. */
export function useListing(id: string): ListingLoad {
  const [load, setLoad] = useState<ListingLoad>({ kind: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    setLoad({ kind: "loading" });
    getAuction(id, abort.signal)
      .then((listing) => setLoad({ kind: "loaded", listing }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setLoad({ kind: "failed", error: err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", String(err)) });
      });
    return () => abort.abort();
  }, [id]);
  return load;
}
