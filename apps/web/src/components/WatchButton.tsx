import { useEffect, useState } from "react";
import { ApiError } from "../api/http";
import { getWatchState, setWatching } from "../api/watchlist";

/** Watch an auction from its room: the person hears when it ends soon, bid or not. */
export function WatchButton({ auctionId }: { auctionId: string }) {
  const [watching, setState] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    getWatchState(auctionId, abort.signal)
      .then((s) => setState(s.watching))
      .catch(() => {
        if (!abort.signal.aborted) setState(false);
      });
    return () => abort.abort();
  }, [auctionId]);

  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setState((await setWatching(auctionId, !watching)).watching);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work; try again.");
    } finally {
      setBusy(false);
    }
  };

  if (watching === undefined) return null;
  return (
    <span className="watch">
      <button type="button" className="button button--small" aria-pressed={watching} disabled={busy} onClick={toggle}>
        {watching ? "★ Watching" : "☆ Watch"}
      </button>
      {error ? (
        <span role="alert" className="watch__error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
