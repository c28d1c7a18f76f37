import type { OutbidEvent } from "@auction-mesh/contracts";
import { useEffect } from "react";
import { formatMoney } from "../domain/money";

interface OutbidToastProps {
  alert: OutbidEvent | null;
  onDismiss(): void;
  onBidAgain(): void;
}

const VISIBLE_MS = 10_000;

/** "You've been outbid": announced assertively, dismissable, and gone by itself after a while. */
export function OutbidToast({ alert, onDismiss, onBidAgain }: OutbidToastProps) {
  useEffect(() => {
    if (!alert) return;
    const timer = window.setTimeout(onDismiss, VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [alert, onDismiss]);

  return (
    <div className="toast-region" role="alert">
      {alert ? (
        <div className="toast">
          <p>
            <strong>You've been outbid!</strong> The price is now {formatMoney(alert.currentPrice)}.
          </p>
          <div className="toast__actions">
            <button type="button" className="button button--small" onClick={onBidAgain}>
              Bid again
            </button>
            <button type="button" className="button button--small button--ghost" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
