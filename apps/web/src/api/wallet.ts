import { Settlement, StatementPage, TopUpResult, WalletBalance } from "@auction-mesh/contracts";
import { apiRequest, query } from "./http";

export const getWallet = (signal?: AbortSignal) => apiRequest("/api/wallet", { schema: WalletBalance, ...(signal ? { signal } : {}) });

export const getStatement = (before: number | undefined, signal?: AbortSignal) =>
  apiRequest(`/api/wallet/statement${query({ before, limit: 20 })}`, { schema: StatementPage, ...(signal ? { signal } : {}) });

/** A sandbox top-up; `idempotencyKey` is the same for every resend of one attempt. */
export const topUpWallet = (amount: number, idempotencyKey: string) =>
  apiRequest("/api/wallet/top-ups", { method: "POST", body: { amount }, schema: TopUpResult, idempotencyKey });

/** How a closed auction is being paid for (its buyer, winner, seller or an admin). */
export const getSettlement = (auctionId: string, signal?: AbortSignal) =>
  apiRequest(`/api/auctions/${encodeURIComponent(auctionId)}/settlement`, { schema: Settlement, ...(signal ? { signal } : {}) });

/** The runner-up takes a second-chance offer. */
export const acceptSecondChance = (auctionId: string) =>
  apiRequest(`/api/auctions/${encodeURIComponent(auctionId)}/second-chance`, { method: "POST", body: {}, schema: Settlement });
