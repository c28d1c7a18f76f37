import {
  AuctionSnapshot,
  BidHistoryPage,
  type CreateListingInput,
  Listing,
  ListingPage,
  type ListListingsInput,
  MyBidsPage,
  PlaceBidResult,
  type UpdateListingRequest,
} from "@auction-mesh/contracts";
import { apiRequest, query } from "./http";

const path = (id: string) => `/api/auctions/${encodeURIComponent(id)}`;

export const listAuctions = (q: Omit<ListListingsInput, "limit"> & { limit?: number }, signal?: AbortSignal) =>
  apiRequest(`/api/auctions${query(q)}`, { schema: ListingPage, ...(signal ? { signal } : {}) });

export const getAuction = (id: string, signal?: AbortSignal) => apiRequest(path(id), { schema: Listing, ...(signal ? { signal } : {}) });

export const createAuction = (body: CreateListingInput, idempotencyKey: string) =>
  apiRequest("/api/auctions", { method: "POST", body, schema: Listing, idempotencyKey });

export const updateAuction = (id: string, body: UpdateListingRequest) => apiRequest(path(id), { method: "PATCH", body, schema: Listing });

export const publishAuction = (id: string) => apiRequest(`${path(id)}/publish`, { method: "POST", body: {}, schema: Listing });

export const cancelAuction = (id: string) => apiRequest(`${path(id)}/cancel`, { method: "POST", body: {}, schema: Listing });

export const liveSnapshot = (id: string) => apiRequest(`${path(id)}/live`, { schema: AuctionSnapshot });

export const bidHistory = (id: string, before?: number, limit = 50) =>
  apiRequest(`${path(id)}/bids${query({ before, limit })}`, { schema: BidHistoryPage });

export interface BidRequest {
  amount: number;
  maxAmount?: number;
  idempotencyKey: string;
}

/** REST bid: a 409 rejection carries the same fields as an accepted answer's counterpart. */
export const placeBidOverHttp = (id: string, body: BidRequest) =>
  apiRequest(`${path(id)}/bids`, { method: "POST", body, schema: PlaceBidResult });

/** The signed-in person's auctions they bid on, with where they stand. */
export const getMyBids = (signal?: AbortSignal) => apiRequest("/api/me/bids", { schema: MyBidsPage, ...(signal ? { signal } : {}) });
