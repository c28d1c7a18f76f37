import type { Notification, NotificationKind } from "@auction-mesh/contracts";

/** A pushed notification into the list shown: a known one (an updated outbid notice) is replaced, newest first. */
export function applyPush(list: readonly Notification[], pushed: Notification, keep = 50): Notification[] {
  return [pushed, ...list.filter((n) => n.id !== pushed.id)].sort((a, b) => b.id - a.id).slice(0, keep);
}

/** Marks the listed ones read locally (the server said so), or all with "all". */
export function markedRead(list: readonly Notification[], ids: readonly number[] | "all", at: string): Notification[] {
  return list.map((n) => (n.readAt === null && (ids === "all" || ids.includes(n.id)) ? { ...n, readAt: at } : n));
}

/** How each kind is named on the preferences form. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  "ending-soon": "An auction I bid on is about to end",
  outbid: "Someone outbids me",
  won: "I win an auction",
  lost: "An auction I bid on is won by someone else",
  sold: "My lot sells",
  "no-sale": "My lot closes without a sale",
  "payment-due": "A payment is due",
  "payment-reminder": "A payment is still due (reminder)",
  "payment-received": "My payment is received",
  "second-chance": "I get a second chance at a lot whose winner did not pay",
  "settlement-completed": "A sale is settled (purchase or payout)",
  "settlement-failed": "A sale falls through",
};
