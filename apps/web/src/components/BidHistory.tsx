import type { BidRecord } from "@auction-mesh/contracts";
import { useState } from "react";
import { bidderLabel } from "../domain/bidder-label";
import { formatMoney } from "../domain/money";

interface BidHistoryProps {
  bids: BidRecord[];
  myId: string | null;
  canLoadOlder: boolean;
  loadOlder(): Promise<void>;
}

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Accepted bids, newest first; one row per sequence (the room state guarantees no repeats). */
export function BidHistory({ bids, myId, canLoadOlder, loadOlder }: BidHistoryProps) {
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const more = async () => {
    setLoading(true);
    setFailed(false);
    try {
      await loadOlder();
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section className="bid-history" aria-labelledby="bid-history-heading">
      <h2 id="bid-history-heading">Bid history</h2>
      {bids.length === 0 ? (
        <p className="muted">No bids yet.</p>
      ) : (
        <ol className="bid-history__list" aria-labelledby="bid-history-heading">
          {bids.map((b) => (
            <li key={b.sequence} data-sequence={b.sequence} className={b.bidderId === myId ? "bid-row bid-row--mine" : "bid-row"}>
              <span className="bid-row__who">{bidderLabel(b.bidderId, myId)}</span>
              <span className="bid-row__amount">{formatMoney(b.amount)}</span>
              <span className="bid-row__meta">
                <time dateTime={b.placedAt}>{time.format(new Date(b.placedAt))}</time>
                {b.auto ? <span className="tag">auto</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      {canLoadOlder ? (
        <button type="button" className="button button--ghost" onClick={more} disabled={loading}>
          {loading ? "Loading…" : "Show earlier bids"}
        </button>
      ) : null}
      {failed ? <p className="field__error">Earlier bids could not be loaded. Try again.</p> : null}
    </section>
  );
}
