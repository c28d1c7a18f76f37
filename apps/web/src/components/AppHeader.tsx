import { navigate } from "../routing/history";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { sessionStore } from "../session/session-store";
import { useSession } from "../session/use-session";
import { NotificationBell } from "./NotificationBell";

/** The site banner: brand, main navigation, and who is signed in. */
export function AppHeader() {
  const session = useSession();
  const canSell = session?.user.roles.some((r) => r === "seller" || r === "admin") ?? false;
  const isAdmin = session?.user.roles.includes("admin") ?? false;
  const signOut = () => {
    sessionStore.set(null);
    navigate(paths.auctions);
  };
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href={paths.auctions} className="brand">
          Auction Mesh
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <Link href={paths.auctions} className="nav-link">
                Auctions
              </Link>
            </li>
            {canSell ? (
              <li>
                <Link href={paths.sell} className="nav-link">
                  Sell
                </Link>
              </li>
            ) : null}
            {isAdmin ? (
              <>
                <li>
                  <Link href={paths.deadLetters} className="nav-link">
                    Dead letters
                  </Link>
                </li>
                <li>
                  <Link href={paths.audit()} className="nav-link">
                    Audit
                  </Link>
                </li>
              </>
            ) : null}
            {session ? (
              <>
                <li>
                  <Link href={paths.myBids} className="nav-link">
                    My bids
                  </Link>
                </li>
                <li>
                  <Link href={paths.watchlist} className="nav-link">
                    Watchlist
                  </Link>
                </li>
                <li>
                  <Link href={paths.won} className="nav-link">
                    Won
                  </Link>
                </li>
                <li>
                  <Link href={paths.wallet} className="nav-link">
                    Wallet
                  </Link>
                </li>
                <li>
                  <NotificationBell token={session.token} />
                </li>
                <li className="whoami">
                  Signed in as <strong>{session.user.displayName}</strong>
                </li>
                <li>
                  <button type="button" className="link-button" onClick={signOut}>
                    Sign out
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href={paths.signIn()} className="nav-link">
                    Sign in
                  </Link>
                </li>
                <li>
                  <Link href={paths.signUp()} className="nav-link">
                    Sign up
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
