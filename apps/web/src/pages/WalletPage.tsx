import type { StatementLine, WalletBalance } from "@auction-mesh/contracts";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useAttemptKey } from "../api/attempt-key";
import { ApiError } from "../api/http";
import { getStatement, getWallet, topUpWallet } from "../api/wallet";
import { usePageTitle } from "../app/use-page-title";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { formatMoney } from "../domain/money";
import { accountName, signedMoney, topUpAmount, topUpError } from "../domain/wallet";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The signed-in person's wallet: balance, sandbox top-up, statement. */
export function WalletPage() {
  usePageTitle("Wallet");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="Wallet">
        <Link href={paths.signIn(paths.wallet)}>Sign in</Link> to see your wallet.
      </PageNotice>
    );
  }
  return <Wallet />;
}

function Wallet() {
  const [balance, setBalance] = useState<WalletBalance>();
  const [lines, setLines] = useState<StatementLine[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string>();

  const reload = useCallback(async (signal?: AbortSignal) => {
    try {
      const [wallet, page] = await Promise.all([getWallet(signal), getStatement(undefined, signal)]);
      setBalance(wallet);
      setLines(page.lines);
      setNextBefore(page.nextBefore);
      setLoadError(undefined);
    } catch (err) {
      if (!signal?.aborted) setLoadError(err instanceof ApiError ? err.message : "Your wallet could not be loaded.");
    }
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    void reload(abort.signal);
    return () => abort.abort();
  }, [reload]);

  const older = async () => {
    if (nextBefore === null) return;
    try {
      const page = await getStatement(nextBefore);
      setLines((shown) => [...shown, ...page.lines]);
      setNextBefore(page.nextBefore);
    } catch (err) {
      setLoadError(err instanceof ApiError ? err.message : "Older lines could not be loaded.");
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Wallet</h1>
      {loadError ? <FormMessage tone="error">{loadError}</FormMessage> : null}
      {balance === undefined && !loadError ? <p role="status">Loading…</p> : null}
      {balance ? (
        <dl className="wallet-balance" aria-label="Balance">
          <div>
            <dt>Available</dt>
            <dd data-balance="available">{formatMoney(balance.available)}</dd>
          </div>
          <div>
            <dt>Held for auctions you won</dt>
            <dd data-balance="held">{formatMoney(balance.held)}</dd>
          </div>
          <div>
            <dt>Owed to you from sales</dt>
            <dd data-balance="seller-payable">{formatMoney(balance.sellerPayable)}</dd>
          </div>
        </dl>
      ) : null}
      <TopUpForm onDone={() => reload()} />
      <Statement lines={lines} onOlder={nextBefore === null ? undefined : older} />
    </>
  );
}

function TopUpForm({ onDone }: { onDone: () => Promise<void> }) {
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttemptKey();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = topUpAmount(text);
    setFieldError("error" in parsed ? parsed.error : undefined);
    setMessage(undefined);
    if ("error" in parsed) return;
    setBusy(true);
    try {
      const result = await topUpWallet(parsed.amount, attempt.current());
      attempt.answered();
      setMessage({
        tone: "success",
        text: `Added ${formatMoney(result.amount)}. Available now: ${formatMoney(result.balance.available)}.`,
      });
      setText("");
      await onDone();
    } catch (err) {
      attempt.answered(err);
      setMessage({ tone: "error", text: err instanceof ApiError ? topUpError(err.code, err.message) : "That did not work. Try again." });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="top-up" onSubmit={submit} noValidate>
      <h2>Add funds</h2>
      <p className="muted">
        <strong>Sandbox:</strong> no card is charged and no real money moves. Added funds are for trying the auctions out.
      </p>
      <Field label="Amount (USD)" error={fieldError}>
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Adding…" : "Add funds"}
      </button>
    </form>
  );
}

function Statement({ lines, onOlder }: { lines: StatementLine[]; onOlder: (() => Promise<void>) | undefined }) {
  return (
    <section aria-labelledby="statement-heading">
      <h2 id="statement-heading">Statement</h2>
      {lines.length === 0 ? <p className="muted">No money has moved yet.</p> : null}
      {lines.length > 0 ? (
        <div className="table-scroll">
          <table className="statement">
            <caption className="visually-hidden">Wallet statement, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Account</th>
                <th scope="col">Amount</th>
                <th scope="col">Balance after</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id} data-statement-line={line.id}>
                  <td>{time.format(new Date(line.at))}</td>
                  <td>{line.description}</td>
                  <td>{accountName(line)}</td>
                  <td className={line.amount < 0 ? "amount amount--out" : "amount amount--in"}>{signedMoney(line.amount)}</td>
                  <td>{formatMoney(line.balanceAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {onOlder ? (
        <button type="button" className="button button--ghost" onClick={() => void onOlder()}>
          Older
        </button>
      ) : null}
    </section>
  );
}
