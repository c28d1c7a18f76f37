import type { ListingStatus } from "@auction-mesh/contracts";

const LABELS: Record<ListingStatus, string> = {
  draft: "Draft",
  scheduled: "Upcoming",
  live: "Live",
  closed: "Ended",
  cancelled: "Cancelled",
};

export function statusLabel(status: ListingStatus): string {
  return LABELS[status];
}

export function StatusBadge({ status }: { status: ListingStatus }) {
  return <span className={`badge badge--${status}`}>{LABELS[status]}</span>;
}
