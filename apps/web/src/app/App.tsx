import { useEffect, useRef } from "react";
import { AppHeader } from "../components/AppHeader";
import { AuctionListPage } from "../pages/AuctionListPage";
import { AuctionRoomPage } from "../pages/AuctionRoomPage";
import { AuditTrailPage } from "../pages/AuditTrailPage";
import { DeadLettersPage } from "../pages/DeadLettersPage";
import { MyBidsPage } from "../pages/MyBidsPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { NotificationsPage } from "../pages/NotificationsPage";
import { SellPage } from "../pages/SellPage";
import { SignInPage } from "../pages/SignInPage";
import { SignUpPage } from "../pages/SignUpPage";
import { WalletPage } from "../pages/WalletPage";
import { WatchlistPage } from "../pages/WatchlistPage";
import { WonItemsPage } from "../pages/WonItemsPage";
import { matchRoute, type Route } from "../routing/routes";
import { useLocation } from "../routing/use-location";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "auctions":
      return <AuctionListPage />;
    case "auction":
      // Keyed: another auction is a new room, with fresh state and connection.
      return <AuctionRoomPage key={route.auctionId} auctionId={route.auctionId} />;
    case "sign-in":
      return <SignInPage />;
    case "sign-up":
      return <SignUpPage />;
    case "sell":
      return <SellPage />;
    case "dead-letters":
      return <DeadLettersPage />;
    case "audit":
      return <AuditTrailPage key={route.auctionId ?? ""} auctionId={route.auctionId} />;
    case "wallet":
      return <WalletPage />;
    case "notifications":
      return <NotificationsPage />;
    case "my-bids":
      return <MyBidsPage />;
    case "watchlist":
      return <WatchlistPage />;
    case "won":
      return <WonItemsPage />;
    case "not-found":
      return <NotFoundPage />;
  }
}

/** Layout with landmarks (banner, main, contentinfo) and a skip link; moves focus to the new page's heading. */
export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change, keyed by pathname.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // After in-app navigation, screen readers and keyboard users start at the new page's heading.
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer className="site-footer">
        <p>Prices in US dollars. Countdown times follow the auction server's clock.</p>
      </footer>
    </>
  );
}
