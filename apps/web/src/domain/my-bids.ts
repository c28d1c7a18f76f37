import type { MyBid } from "@auction-mesh/contracts";

/** How each standing reads on "My bids". */
export const STANDING_LABELS: Record<MyBid["standing"], string> = {
  leading: "Leading",
  outbid: "Outbid",
  won: "Won",
  lost: "Lost",
};

/** Live ones first (outbid before leading: those need you), then ended ones, newest first as the API gives them. */
export function orderMyBids(items: readonly MyBid[]): MyBid[] {
  const rank: Record<MyBid["standing"], number> = { outbid: 0, leading: 1, won: 2, lost: 3 };
  return [...items].sort((a, b) => rank[a.standing] - rank[b.standing]);
}
