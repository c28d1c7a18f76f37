import type { MyBid, Settlement } from "@auction-mesh/contracts";
import { getMyBids } from "../api/auctions";
import { getSettlement } from "../api/wallet";
import { usePageTitle } from "../app/use-page-title";
import { usePolled } from "../app/use-polled";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { formatMoney } from "../domain/money";
import { settlementView } from "../domain/settlement";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

/** A payment moves on its own (the saga): the list refreshes this often while open. */
const REFRESH_MS = 10_000;

interface WonItem {
  bid: MyBid;
  /** undefined while the saga has not started yet (or could not be read). */
  settlement: Settlement | undefined;
}

/** What the person won, how its payment stands, and the way to pay. */
export function WonItemsPage() {
  usePageTitle("Won items");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="Won items">
        <Link href={paths.signIn(paths.won)}>Sign in</Link> to see what you won.
      </PageNotice>
    );
  }
  return <WonItems myId={session.user.id} />;
}

async function loadWon(signal: AbortSignal): Promise<WonItem[]> {
  const won = (await getMyBids(signal)).items.filter((b) => b.standing === "won");
  return Promise.all(won.map(async (bid) => ({ bid, settlement: await getSettlement(bid.listing.id, signal).catch(() => undefined) })));
}

function WonItems({ myId }: { myId: string }) {
  const { data: items, error } = usePolled(loadWon, REFRESH_MS, "What you won could not be loaded.");

  return (
    <>
      <h1 tabIndex={-1}>Won items</h1>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {items === undefined && !error ? <p role="status">Loading…</p> : null}
      {items?.length === 0 ? (
        <p className="muted">
          Nothing won yet. <Link href={paths.myBids}>Your bids</Link> · <Link href={paths.auctions}>Find an auction</Link>.
        </p>
      ) : null}
      {items && items.length > 0 ? (
        <ul className="won-items">
          {items.map(({ bid, settlement }) => (
            <WonRow key={bid.listing.id} bid={bid} settlement={settlement} myId={myId} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function WonRow({ bid, settlement, myId }: WonItem & { myId: string }) {
  const view = settlement ? settlementView(settlement, myId) : { text: "Payment is being prepared." };
  return (
    <li className="won-item panel" data-status={settlement?.status ?? "pending"}>
      <h2>
        <Link href={paths.auction(bid.listing.id)}>{bid.listing.title}</Link>
      </h2>
      <p>
        Won for <strong>{formatMoney(bid.listing.finalPrice ?? bid.myHighestBid)}</strong>
      </p>
      <p>{view.text}</p>
      {view.action === "top-up" ? (
        <Link href={paths.auction(bid.listing.id)} className="button button--primary">
          Pay now<span className="visually-hidden"> for {bid.listing.title}</span>
        </Link>
      ) : null}
    </li>
  );
}
