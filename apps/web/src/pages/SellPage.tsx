import type { Listing } from "@auction-mesh/contracts";
import { useEffect, useState } from "react";
import { getAuction, listAuctions } from "../api/auctions";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { DraftList, editButtonId } from "../components/DraftList";
import { type FormNotice, ListingForm } from "../components/ListingForm";
import { PageNotice } from "../components/PageNotice";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

export function SellPage() {
  usePageTitle("Sell");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="Sell an item">
        <Link href={paths.signIn(paths.sell)}>Sign in</Link> with a seller account, or{" "}
        <Link href={`${paths.signUp(paths.sell)}&role=seller`}>create one</Link>, to sell.
      </PageNotice>
    );
  }
  if (!session.user.roles.includes("seller") && !session.user.roles.includes("admin")) {
    return <PageNotice title="Sell an item">Your account is a bidder account. Create a seller account to list items.</PageNotice>;
  }
  return <SellerDesk sellerId={session.user.id} />;
}

/** The form (a new draft, or the draft being edited) beside the seller's own auctions. */
function SellerDesk({ sellerId }: { sellerId: string }) {
  const [mine, setMine] = useState<Listing[]>([]);
  const [listError, setListError] = useState<string>();
  const [editing, setEditing] = useState<Listing | null>(null);
  const [notice, setNotice] = useState<FormNotice>();
  /** After an edit closes, focus returns to the draft's Edit button. */
  const [returnFocusTo, setReturnFocusTo] = useState<string>();

  useEffect(() => {
    // Drafts are listed only when asked for by status (and only to their seller).
    Promise.all([listAuctions({ sellerId, status: "draft", limit: 50 }), listAuctions({ sellerId, limit: 50 })])
      .then((pages) =>
        setMine((current) =>
          mergeListings(
            current,
            pages.flatMap((p) => p.items),
          ),
        ),
      )
      .catch((err: unknown) => setListError(err instanceof ApiError ? err.message : "Your auctions could not be loaded."));
  }, [sellerId]);

  useEffect(() => {
    if (returnFocusTo === undefined) return;
    document.getElementById(editButtonId(returnFocusTo))?.focus();
    setReturnFocusTo(undefined);
  }, [returnFocusTo]);

  const replace = (l: Listing) => {
    setMine((current) => mergeListings(current, [l]));
    // Published (or cancelled) from the list while open in the form: it is no longer a draft to edit.
    if (editing?.id === l.id && l.status !== "draft") {
      setEditing(null);
      setNotice({ tone: "info", text: `"${l.title}" is no longer a draft, so it can no longer be edited here.` });
    }
  };

  /** The edited listing changed meanwhile: show it as it is now (the form keeps the refusal and what was typed). */
  const refresh = (auctionId: string) => {
    getAuction(auctionId)
      .then((l) => setMine((current) => mergeListings(current, [l])))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setMine((current) => current.filter((l) => l.id !== auctionId));
      });
  };

  const stopEditing = (listing: Listing, saved: boolean) => {
    setEditing(null);
    setNotice(saved ? { tone: "success", text: `Saved your changes to "${listing.title}".` } : undefined);
    setReturnFocusTo(listing.id);
  };

  return (
    <>
      <h1 tabIndex={-1}>Sell an item</h1>
      <div className="sell-layout">
        <ListingForm
          key={editing?.id ?? "new"}
          editing={editing}
          initialNotice={notice}
          onSaved={(listing, how) => {
            replace(listing);
            if (how === "updated") stopEditing(listing, true);
          }}
          onCancelEdit={() => editing && stopEditing(editing, false)}
          onStale={refresh}
        />
        <DraftList
          listings={mine}
          error={listError}
          onChange={replace}
          onEdit={(listing) => {
            setNotice(undefined);
            setEditing(listing);
          }}
        />
      </div>
    </>
  );
}

function mergeListings(current: Listing[], incoming: Listing[]): Listing[] {
  const byId = new Map(current.map((l) => [l.id, l]));
  for (const l of incoming) byId.set(l.id, l);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
