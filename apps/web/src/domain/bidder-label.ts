/**
 * Live events name bidders by user id only (no names travel with bids, for privacy), so the
 * room shows "You" for the signed-in user and a short stable tag for everyone else.
 */
export function bidderLabel(bidderId: string, myId: string | null | undefined): string {
  if (myId && bidderId === myId) return "You";
  return `Bidder ${shortTag(bidderId)}`;
}

/** Four characters of the id: enough to tell bidders in one room apart at a glance. */
export function shortTag(id: string): string {
  const alnum = id.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  return (alnum.length >= 4 ? alnum.slice(-4) : alnum.padStart(4, "0")) || "0000";
}
