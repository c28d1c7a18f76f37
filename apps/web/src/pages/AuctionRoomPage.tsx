import type { Listing } from "@auction-mesh/contracts";
import { type RefObject, useCallback, useRef } from "react";
import { usePageTitle } from "../app/use-page-title";
import { AuctionOutcome } from "../components/AuctionOutcome";
import { AutoBidForm } from "../components/AutoBidForm";
import { BidForm } from "../components/BidForm";
import { BidHistory } from "../components/BidHistory";
import { ConnectionBanner } from "../components/ConnectionBanner";
import { Countdown } from "../components/Countdown";
import { FormMessage } from "../components/FormMessage";
import { ImageGallery } from "../components/ImageGallery";
import { OutbidToast } from "../components/OutbidToast";
import { PriceBoard } from "../components/PriceBoard";
import { SettlementPanel } from "../components/SettlementPanel";
import { hasEnded, StatusBadge } from "../components/StatusBadge";
import { WatchButton } from "../components/WatchButton";
import { categoryLabel } from "../domain/categories";
import { formatMoney } from "../domain/money";
import type { RoomOutcome } from "../domain/room-state";
import { type AuctionRoom, useAuctionRoom } from "../live/use-auction-room";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";
import { useListing } from "./use-listing";

export function AuctionRoomPage({ auctionId }: { auctionId: string }) {
  const load = useListing(auctionId);
  usePageTitle(load.kind === "loaded" ? load.listing.title : load.kind === "failed" ? "Auction unavailable" : "Loading auction");
  if (load.kind === "loading") return <p aria-busy="true">Loading auction…</p>;
  if (load.kind === "failed") {
    return (
      <section>
        <h1 tabIndex={-1}>{load.error.status === 404 ? "Auction not found" : "This auction could not be loaded"}</h1>
        <p>{load.error.status === 404 ? "It may have been removed, or the link is wrong." : load.error.message}</p>
        <Link href={paths.auctions}>Back to all auctions</Link>
      </section>
    );
  }
  return <Room listing={load.listing} />;
}

function Room({ listing }: { listing: Listing }) {
  const session = useSession();
  const myId = session?.user.id ?? null;
  const ended = hasEnded(listing.status);
  const watchable = listing.status === "scheduled" || listing.status === "live" || ended;
  const room = useAuctionRoom(listing.id, {
    enabled: watchable,
    token: session?.token ?? null,
    myId,
    retryWhileNotLive: !ended,
  });
  const bidInput = useRef<HTMLInputElement>(null);
  const bidAgain = useCallback(() => {
    room.dismissOutbid();
    bidInput.current?.focus();
  }, [room.dismissOutbid]);

  const live = room.state.ready;
  const closed = live ? room.state.status === "closed" : ended;
  const outcome: RoomOutcome | null = live
    ? room.state.outcome
    : ended
      ? { winnerId: listing.winnerId, finalPrice: listing.finalPrice, reserveMet: listing.winnerId !== null }
      : null;
  const displayStatus = live ? (closed ? "closed" : "live") : listing.status;

  return (
    <article className="room">
      <ConnectionBanner status={watchable && !closed ? room.status : "connected"} />
      <header className="room__header">
        <p className="breadcrumb">
          <Link href={paths.auctions}>← All auctions</Link>
        </p>
        <h1 tabIndex={-1}>{listing.title}</h1>
        <p className="room__meta">
          <StatusBadge status={displayStatus} /> {categoryLabel(listing.category)} · Sold by {listing.sellerName}
        </p>
        {myId && myId !== listing.sellerId && !closed && (listing.status === "scheduled" || listing.status === "live") ? (
          <WatchButton auctionId={listing.id} />
        ) : null}
        {session?.user.roles.includes("admin") ? (
          <p className="room__admin">
            Admin: <Link href={paths.audit(listing.id)}>Audit trail</Link>
          </p>
        ) : null}
      </header>

      <div className="room__gallery">
        <ImageGallery urls={listing.imageUrls} title={listing.title} />
      </div>

      <section className="room__bidding panel" aria-labelledby="bidding-heading">
        <h2 id="bidding-heading">Bidding</h2>
        <BiddingPanel listing={listing} room={room} myId={myId} closed={closed} outcome={outcome} bidInput={bidInput} />
      </section>

      <section className="room__description" aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        {listing.description ? <p className="prose">{listing.description}</p> : <p className="muted">The seller added no description.</p>}
        <dl className="facts">
          <dt>Starting price</dt>
          <dd>{formatMoney(listing.startingPrice)}</dd>
          <dt>Reserve</dt>
          <dd>
            {listing.reservePrice !== null && myId === listing.sellerId
              ? `Reserve: ${formatMoney(listing.reservePrice)} (only you see this)`
              : listing.hasReserve
                ? "This auction has a reserve price"
                : "No reserve"}
          </dd>
          {listing.antiSniping.windowSeconds > 0 && listing.antiSniping.extensionSeconds > 0 ? (
            <>
              <dt>Late bids</dt>
              <dd>
                A bid in the last {listing.antiSniping.windowSeconds} s extends bidding by {listing.antiSniping.extensionSeconds} s.
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <div className="room__history">
        <BidHistory bids={room.state.bids} myId={myId} canLoadOlder={room.canLoadOlderBids} loadOlder={room.loadOlderBids} />
      </div>

      <OutbidToast alert={room.outbidAlert} onDismiss={room.dismissOutbid} onBidAgain={bidAgain} />
    </article>
  );
}

interface BiddingPanelProps {
  listing: Listing;
  room: AuctionRoom;
  myId: string | null;
  closed: boolean;
  outcome: RoomOutcome | null;
  bidInput: RefObject<HTMLInputElement | null>;
}

function BiddingPanel({ listing, room, myId, closed, outcome, bidInput }: BiddingPanelProps) {
  const { state } = room;
  const here = `${window.location.pathname}${window.location.search}`;

  if (listing.status === "draft") return <p>This auction is a draft and not open for bidding yet.</p>;
  if (listing.status === "cancelled") return <p>The seller cancelled this auction.</p>;

  return (
    <>
      {state.ready ? <PriceBoard room={state} myId={myId} startingPrice={listing.startingPrice} /> : null}
      {!state.ready && !closed ? (
        <>
          <Countdown until={listing.startsAt} label="Bidding opens in" />
          <p className="muted">
            {room.joinError?.code === "AUCTION_NOT_FOUND" ? "Waiting for bidding to open…" : "Connecting to the live auction…"}
          </p>
        </>
      ) : null}
      {state.ready && !closed ? <Countdown until={state.endsAt} label="Ends in" /> : null}

      <div aria-live="polite" className="room__notices">
        {state.lastExtension && !closed ? (
          <p className="notice">
            Bidding extended: a late bid moved the end to {new Date(state.lastExtension.endsAt).toLocaleTimeString()}.
          </p>
        ) : null}
        {closed && outcome ? (
          <AuctionOutcome outcome={outcome} myId={myId} hadBids={state.bids.length > 0 || listing.finalPrice !== null} />
        ) : null}
      </div>
      {closed && myId ? <SettlementPanel auctionId={listing.id} myId={myId} /> : null}

      {room.joinError && room.joinError.code !== "AUCTION_NOT_FOUND" ? (
        <FormMessage tone="error">The live auction is unavailable: {room.joinError.message}</FormMessage>
      ) : null}

      {state.ready && !closed ? (
        myId === null ? (
          <p className="sign-in-prompt">
            <Link href={paths.signIn(here)}>Sign in</Link> or <Link href={paths.signUp(here)}>create an account</Link> to bid.
          </p>
        ) : myId === listing.sellerId ? (
          <p className="muted">This is your auction — you can watch it here, but not bid.</p>
        ) : (
          <div className="bid-controls">
            <BidForm
              minimumNextBid={state.minimumNextBid}
              currentPrice={state.currentPrice}
              leaderId={state.leaderId}
              myId={myId}
              placeBid={(amount) => room.placeBid(amount)}
              inputRef={bidInput}
            />
            <AutoBidForm minimumNextBid={state.minimumNextBid} currentPrice={state.currentPrice} placeBid={room.placeBid} />
          </div>
        )
      ) : null}
    </>
  );
}
