import type { ListingStatus } from "@auction-mesh/contracts";

const LABELS: Record<ListingStatus, string> = {
  draft: "Draft",
  scheduled: "Upcoming",
  live: "Live",
  closed: "Ended",
  sold: "Sold",
  unsold: "Not sold",
  cancelled: "Cancelled",
};

/** Whether bidding is over: closed by bidding, or settled by payments since. */
export function hasEnded(status: ListingStatus): boolean {
  return status === "closed" || status === "sold" || status === "unsold";
}

export function statusLabel(status: ListingStatus): string {
  return LABELS[status];
}

export function StatusBadge({ status }: { status: ListingStatus }) {
  return <span className={`badge badge--${status}`}>{LABELS[status]}</span>;
}
