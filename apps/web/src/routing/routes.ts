/** Every page of the app, matched from a path. Pure, so it is unit-tested. */
export type Route =
  | { page: "auctions" }
  | { page: "auction"; auctionId: string }
  | { page: "sign-in" }
  | { page: "sign-up" }
  | { page: "sell" }
  | { page: "dead-letters" }
  /** An auction's audit trail (admins); without an auction, the form that asks for one. */
  | { page: "audit"; auctionId: string | null }
  | { page: "wallet" }
  | { page: "notifications" }
  | { page: "my-bids" }
  | { page: "watchlist" }
  | { page: "won" }
  | { page: "not-found" };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/auctions") return { page: "auctions" };
  if (path === "/sign-in") return { page: "sign-in" };
  if (path === "/sign-up") return { page: "sign-up" };
  if (path === "/sell") return { page: "sell" };
  if (path === "/wallet") return { page: "wallet" };
  if (path === "/notifications") return { page: "notifications" };
  if (path === "/my-bids") return { page: "my-bids" };
  if (path === "/watchlist") return { page: "watchlist" };
  if (path === "/won") return { page: "won" };
  if (path === "/admin/dead-letters") return { page: "dead-letters" };
  if (path === "/admin/audit") return { page: "audit", auctionId: null };
  const room = /^\/auctions\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (room?.[1]) return { page: "auction", auctionId: room[1] };
  const audit = /^\/admin\/audit\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (audit?.[1]) return { page: "audit", auctionId: audit[1] };
  return { page: "not-found" };
}

export const paths = {
  auctions: "/",
  auction: (id: string) => `/auctions/${encodeURIComponent(id)}`,
  signIn: (returnTo?: string) => (returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in"),
  signUp: (returnTo?: string) => (returnTo ? `/sign-up?returnTo=${encodeURIComponent(returnTo)}` : "/sign-up"),
  sell: "/sell",
  deadLetters: "/admin/dead-letters",
  audit: (auctionId?: string) => (auctionId ? `/admin/audit/${encodeURIComponent(auctionId)}` : "/admin/audit"),
  wallet: "/wallet",
  notifications: "/notifications",
  myBids: "/my-bids",
  watchlist: "/watchlist",
  won: "/won",
};

/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeReturnTo(value: string | null): string {
  if (value?.startsWith("/") && !value.startsWith("//")) return value;
  return "/";
}
