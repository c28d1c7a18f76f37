import type { Listing } from "@auction-mesh/contracts";
import { useState } from "react";
import { cancelAuction, publishAuction, updateAuction } from "../api/auctions";
import { ApiError } from "../api/http";
import { planPublish } from "../domain/listing-edit";
import { formatMoney } from "../domain/money";
import { priceSummary, reserveSummary, scheduleSummary } from "../domain/my-listings";
import { serverClock } from "../live/clock";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { FormMessage } from "./FormMessage";
import { SettlementPanel } from "./SettlementPanel";
import { hasEnded, StatusBadge } from "./StatusBadge";

interface DraftListProps {
  listings: Listing[];
  error?: string | undefined;
  onChange: (listing: Listing) => void;
  onEdit: (listing: Listing) => void;
}

/** The id of a draft's Edit button: focus goes back to it when its edit is saved or given up. */
export const editButtonId = (auctionId: string) => `edit-${auctionId}`;

/** "Your auctions": drafts (edit, publish, cancel), upcoming and live ones, and sales with their outcome. */
export function DraftList({ listings, error, onChange, onEdit }: DraftListProps) {
  return (
    <section aria-labelledby="my-auctions-heading" className="my-auctions">
      <h2 id="my-auctions-heading">Your auctions</h2>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {listings.length === 0 ? <p className="muted">You have no auctions yet.</p> : null}
      <ul className="my-auctions__list">
        {listings.map((l) => (
          <li key={l.id}>
            <MyAuction listing={l} onChange={onChange} onEdit={onEdit} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const localTime = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

function MyAuction({ listing, onChange, onEdit }: { listing: Listing; onChange(l: Listing): void; onEdit(l: Listing): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const act = async (what: () => Promise<Listing>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await what());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const publish = () => {
    const plan = planPublish(listing, serverClock.now());
    if (plan.kind === "ended") return setError(plan.message);
    return act(async () => {
      if (plan.kind === "move") await updateAuction(listing.id, plan.update);
      return publishAuction(listing.id);
    });
  };

  const isDraft = listing.status === "draft";
  const canCancel = isDraft || listing.status === "scheduled";
  return (
    <article className="my-auction" aria-label={listing.title}>
      <h3>
        <Link href={paths.auction(listing.id)}>{listing.title}</Link>
      </h3>
      <p>
        <StatusBadge status={listing.status} /> {priceSummary(listing)}
      </p>
      <p>{reserveSummary(listing)}</p>
      <p>{scheduleSummary(listing, serverClock.now(), localTime)}</p>
      <div className="my-auction__actions">
        {isDraft ? (
          <button
            type="button"
            id={editButtonId(listing.id)}
            className="button button--small"
            disabled={busy}
            onClick={() => onEdit(listing)}
          >
            Edit <span className="visually-hidden">{listing.title}</span>
          </button>
        ) : null}
        {isDraft ? (
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={publish}>
            Publish <span className="visually-hidden">{listing.title}</span>
          </button>
        ) : null}
        {canCancel ? (
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={busy}
            onClick={() => act(() => cancelAuction(listing.id))}
          >
            Cancel <span className="visually-hidden">{listing.title}</span>
          </button>
        ) : null}
      </div>
      {hasEnded(listing.status) ? <SaleOutcome listing={listing} /> : null}
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
    </article>
  );
}

/** My sales: the final price, and where the buyer's payment and the seller's payout stand. */
function SaleOutcome({ listing }: { listing: Listing }) {
  return (
    <div className="my-auction__sale">
      <p>{listing.finalPrice === null ? "Ended without a sale." : `Final price ${formatMoney(listing.finalPrice)}.`}</p>
      {listing.finalPrice === null ? null : <SettlementPanel auctionId={listing.id} myId={listing.sellerId} poll={false} />}
    </div>
  );
}
