import { type FormEvent, useState } from "react";
import { type BidOutcome, rejectionMessage } from "../domain/bid-outcome";
import { formatMoney, parseMoney } from "../domain/money";
import { Field } from "./Field";
import { FormMessage } from "./FormMessage";

interface AutoBidFormProps {
  minimumNextBid: number;
  /** The live price: once it passes the maximum, the auto-bid has run out. */
  currentPrice: number | null;
  /** Bids the minimum now, with `maxAmount` so the auction keeps bidding for us up to it. */
  placeBid(amount: number, maxAmount: number): Promise<BidOutcome>;
}

type Result = { tone: "error" | "success"; text: string } | null;

/** Auto-bid (proxy bidding): the bidder names a maximum; the auction bids one increment at a time for them. */
export function AutoBidForm({ minimumNextBid, currentPrice, placeBid }: AutoBidFormProps) {
  const [value, setValue] = useState("");
  const [activeMax, setActiveMax] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [result, setResult] = useState<Result>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const max = parseMoney(value);
    if (max === undefined) return setFieldError("Enter your maximum in dollars, like 120 or 120.50.");
    if (max < minimumNextBid) return setFieldError(`Your maximum must be at least the minimum bid, ${formatMoney(minimumNextBid)}.`);
    setFieldError(undefined);
    setBusy(true);
    setResult(null);
    const outcome = await placeBid(minimumNextBid, max);
    setBusy(false);
    setActiveMax(outcome.kind === "accepted" && outcome.leading ? max : null);
    setResult(
      outcome.kind === "accepted"
        ? {
            tone: "success",
            text: outcome.leading
              ? `Auto-bid is on: we'll bid for you up to ${formatMoney(max)}.`
              : `Another bidder's maximum is higher than ${formatMoney(max)}; the price is now ${formatMoney(outcome.currentPrice)}.`,
          }
        : { tone: "error", text: rejectionMessage(outcome) },
    );
  };

  const exhausted = activeMax !== null && currentPrice !== null && currentPrice > activeMax;

  return (
    <form className="auto-bid-form" onSubmit={submit} noValidate aria-labelledby="auto-bid-heading">
      <h3 id="auto-bid-heading">Auto-bid</h3>
      <Field label="Your maximum (USD)" hint="We bid the minimum for you each time you're outbid, up to this amount." error={fieldError}>
        {(control) => (
          <div className="money-input">
            <span aria-hidden="true">$</span>
            <input
              {...control}
              name="maxAmount"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </div>
        )}
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Setting auto-bid…" : "Set auto-bid"}
      </button>
      {exhausted && activeMax !== null ? (
        <FormMessage tone="info">
          Bidding passed your auto-bid maximum of {formatMoney(activeMax)}. Set a higher one to stay in.
        </FormMessage>
      ) : result ? (
        <FormMessage tone={result.tone}>{result.text}</FormMessage>
      ) : null}
    </form>
  );
}
