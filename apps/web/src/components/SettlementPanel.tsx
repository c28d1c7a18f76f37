import type { Settlement } from "@auction-mesh/contracts";
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/http";
import { acceptSecondChance, getSettlement } from "../api/wallet";
import { formatMoney } from "../domain/money";
import { settlementView } from "../domain/settlement";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { FormMessage } from "./FormMessage";

const FINAL = new Set(["completed", "failed"]);
/** A settlement starts a moment after the close; after this many "none of yours" answers, stop asking. */
const GIVE_UP_AFTER_NOT_FOUND = 5;

/**
 * After the close: how the sale is being paid for, for its buyer, winner and seller; the runner-up
 * can accept an offer here. `poll` (the room): follows it until it is settled; a list of many
 * (the seller's auctions) reads it once.
 */
export function SettlementPanel({ auctionId, myId, poll = true }: { auctionId: string; myId: string; poll?: boolean }) {
  const [settlement, setSettlement] = useState<Settlement | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [busy, setBusy] = useState(false);
  const [notFound, setNotFound] = useState(0);

  const load = useCallback(
    (signal?: AbortSignal) =>
      getSettlement(auctionId, signal)
        .then(setSettlement)
        .catch((err: unknown) => {
          // 404: nothing of theirs (no sale, or not a party), or not started yet.
          if (err instanceof ApiError && err.status === 404) setNotFound((n) => n + 1);
        }),
    [auctionId],
  );

  const final = (settlement !== null && FINAL.has(settlement.status)) || (settlement === null && notFound >= GIVE_UP_AFTER_NOT_FOUND);
  // Until it is settled one way or the other: the saga moves on its own (a top-up, a deadline).
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    const timer = final || !poll ? undefined : window.setInterval(() => void load(abort.signal), 3_000);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, [load, final, poll]);

  if (!settlement) return null;
  const view = settlementView(settlement, myId);

  const accept = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      setSettlement(await acceptSecondChance(auctionId));
      setMessage({ tone: "success", text: "Accepted. Your payment is being taken." });
    } catch (err) {
      const short = err instanceof ApiError && err.code === "INSUFFICIENT_FUNDS";
      setMessage({
        tone: "error",
        text: short
          ? `Your wallet holds less than ${formatMoney(settlement.total)}. Add funds first.`
          : err instanceof Error
            ? err.message
            : "That did not work.",
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="settlement" aria-label="Payment">
      <p data-settlement-status={settlement.status}>{view.text}</p>
      {view.action === "top-up" ? <Link href={paths.wallet}>Add funds to your wallet</Link> : null}
      {view.action === "accept-offer" ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void accept()}>
          {busy ? "Accepting…" : "Accept the offer"}
        </button>
      ) : null}
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
    </section>
  );
}
