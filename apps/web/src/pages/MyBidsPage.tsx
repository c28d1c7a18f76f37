import { getMyBids } from "../api/auctions";
import { usePageTitle } from "../app/use-page-title";
import { usePolled } from "../app/use-polled";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { formatMoney } from "../domain/money";
import { orderMyBids, STANDING_LABELS } from "../domain/my-bids";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** Standings change as others bid: the list refreshes this often while open. */
const REFRESH_MS = 10_000;

/** Every auction the person bid on: leading, outbid, won (with the way to pay), lost. */
export function MyBidsPage() {
  usePageTitle("My bids");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="My bids">
        <Link href={paths.signIn(paths.myBids)}>Sign in</Link> to see your bids.
      </PageNotice>
    );
  }
  return <MyBids />;
}

const loadMyBids = async (signal: AbortSignal) => orderMyBids((await getMyBids(signal)).items);

function MyBids() {
  const { data: items, error } = usePolled(loadMyBids, REFRESH_MS, "Your bids could not be loaded.");

  return (
    <>
      <h1 tabIndex={-1}>My bids</h1>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {items === undefined && !error ? <p role="status">Loading…</p> : null}
      {items?.length === 0 ? (
        <p className="muted">
          You have not bid yet. <Link href={paths.auctions}>Find an auction</Link>.
        </p>
      ) : null}
      {items && items.length > 0 ? (
        <div className="table-scroll">
          <table className="my-bids">
            <caption className="visually-hidden">Auctions you bid on</caption>
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">You</th>
                <th scope="col">Your highest bid</th>
                <th scope="col">Price</th>
                <th scope="col">Ends</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.listing.id} data-standing={item.standing}>
                  <td>
                    <Link href={paths.auction(item.listing.id)}>{item.listing.title}</Link>
                  </td>
                  <td>
                    <span className={`standing standing--${item.standing}`}>{STANDING_LABELS[item.standing]}</span>
                    {item.standing === "won" ? (
                      <>
                        {" "}
                        <Link href={paths.auction(item.listing.id)}>Payment</Link>
                      </>
                    ) : null}
                  </td>
                  <td>{formatMoney(item.myHighestBid)}</td>
                  <td>{formatMoney(item.listing.finalPrice ?? item.topBid)}</td>
                  <td>{time.format(new Date(item.listing.endsAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
