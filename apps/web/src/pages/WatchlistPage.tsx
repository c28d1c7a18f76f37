import type { Lot } from "@auction-mesh/contracts";
import { ApiError } from "../api/http";
import { getWatchlist, setWatching } from "../api/watchlist";
import { usePageTitle } from "../app/use-page-title";
import { usePolled } from "../app/use-polled";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { StatusBadge } from "../components/StatusBadge";
import { formatMoney } from "../domain/money";
import { lotPrice, orderWatchlist } from "../domain/watchlist";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** Prices move as others bid: the list refreshes this often while open. */
const REFRESH_MS = 10_000;

/** The auctions the person watches: they hear when each ends soon, without having bid. */
export function WatchlistPage() {
  usePageTitle("Watchlist");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="Watchlist">
        <Link href={paths.signIn(paths.watchlist)}>Sign in</Link> to see the auctions you watch.
      </PageNotice>
    );
  }
  return <Watchlist />;
}

const loadWatchlist = async (signal: AbortSignal) => orderWatchlist((await getWatchlist(signal)).items);

function Watchlist() {
  const { data: items, error, setData: setItems, setError } = usePolled(loadWatchlist, REFRESH_MS, "Your watchlist could not be loaded.");

  const stop = async (auctionId: string) => {
    try {
      await setWatching(auctionId, false);
      setItems((current) => current?.filter((l) => l.listing.id !== auctionId));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work; try again.");
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Watchlist</h1>
      <p className="muted">You hear when each of these is about to end, whether you bid or not.</p>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {items === undefined && !error ? <p role="status">Loading…</p> : null}
      {items?.length === 0 ? (
        <p className="muted">
          You are not watching anything. Open an auction and choose “Watch”. <Link href={paths.auctions}>Find an auction</Link>.
        </p>
      ) : null}
      {items && items.length > 0 ? <WatchTable items={items} onStop={stop} /> : null}
    </>
  );
}

function WatchTable({ items, onStop }: { items: Lot[]; onStop: (auctionId: string) => void }) {
  return (
    <div className="table-scroll">
      <table className="watchlist">
        <caption className="visually-hidden">Auctions you watch</caption>
        <thead>
          <tr>
            <th scope="col">Lot</th>
            <th scope="col">Status</th>
            <th scope="col">Price</th>
            <th scope="col">Bids</th>
            <th scope="col">Ends</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((lot) => {
            const price = lotPrice(lot);
            return (
              <tr key={lot.listing.id}>
                <td>
                  <Link href={paths.auction(lot.listing.id)}>{lot.listing.title}</Link>
                </td>
                <td>
                  <StatusBadge status={lot.listing.status} />
                </td>
                <td>
                  {price.label} {formatMoney(price.amount)}
                </td>
                <td>{lot.bidCount}</td>
                <td>{time.format(new Date(lot.listing.endsAt))}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => onStop(lot.listing.id)}>
                    Stop watching<span className="visually-hidden"> {lot.listing.title}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
