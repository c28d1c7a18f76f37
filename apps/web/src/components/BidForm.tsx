import { type FormEvent, type Ref, useEffect, useRef, useState } from "react";
import { acceptedMessage, type BidOutcome, type BidResultNote, rejectionMessage, staleAfterLeaderChange } from "../domain/bid-outcome";
import { centsToInput, formatMoney, parseMoney } from "../domain/money";
import { Field } from "./Field";
import { FormMessage } from "./FormMessage";

interface BidFormProps {
  minimumNextBid: number;
  /** The live price: a "your bid is the highest" confirmation goes once someone bids more. */
  currentPrice: number | null;
  /** Who leads now, and who is bidding: a message about the old situation goes when the lead changes. */
  leaderId: string | null;
  myId: string;
  placeBid(amount: number): Promise<BidOutcome>;
  inputRef?: Ref<HTMLInputElement>;
}

type Result = BidResultNote | null;

/**
 * The bid box, pre-filled with the minimum next bid. It follows the minimum as others bid,
 * until the bidder types their own amount (we never change an amount someone chose).
 */
export function BidForm({ minimumNextBid, currentPrice, leaderId, myId, placeBid, inputRef }: BidFormProps) {
  const [value, setValue] = useState(() => centsToInput(minimumNextBid));
  const [edited, setEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const [formatError, setFormatError] = useState<string>();

  useEffect(() => {
    if (!edited) setValue(centsToInput(minimumNextBid));
  }, [minimumNextBid, edited]);

  useEffect(() => {
    if (result?.leading && currentPrice !== null && currentPrice > result.amount) setResult(null);
  }, [currentPrice, result]);

  // "You're already the highest bidder" is wrong once someone else leads: the message goes.
  const lastLeader = useRef(leaderId);
  useEffect(() => {
    if (lastLeader.current === leaderId) return;
    lastLeader.current = leaderId;
    setResult((shown) => (staleAfterLeaderChange(shown, leaderId, myId) ? null : shown));
  }, [leaderId, myId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoney(value);
    if (amount === undefined || amount === 0) {
      setFormatError("Enter an amount in dollars, like 25 or 25.50.");
      return;
    }
    setFormatError(undefined);
    setBusy(true);
    setResult(null);
    const outcome = await placeBid(amount);
    setBusy(false);
    if (outcome.kind === "accepted") {
      setResult({ tone: "success", text: acceptedMessage(outcome, amount), amount, leading: outcome.leading });
      setEdited(false);
      setValue(centsToInput(outcome.minimumNextBid));
    } else {
      setResult({ tone: "error", text: rejectionMessage(outcome), amount, leading: false });
    }
  };

  return (
    <form className="bid-form" onSubmit={submit} noValidate aria-label="Place a bid">
      <Field label="Your bid (USD)" hint={`Minimum bid ${formatMoney(minimumNextBid)}`} error={formatError}>
        {(control) => (
          <div className="money-input">
            <span aria-hidden="true">$</span>
            <input
              {...control}
              ref={inputRef}
              name="amount"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setEdited(true);
              }}
            />
          </div>
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Placing bid…" : "Place bid"}
      </button>
      {result ? <FormMessage tone={result.tone}>{result.text}</FormMessage> : null}
    </form>
  );
}
