import type { Listing } from "@auction-mesh/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { useAttemptKey } from "../api/attempt-key";
import { cancelAuction, createAuction, listAuctions, publishAuction, updateAuction } from "../api/auctions";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { SettlementPanel } from "../components/SettlementPanel";
import { StatusBadge } from "../components/StatusBadge";
import { fieldErrorsFromDetails } from "../domain/api-field-errors";
import { categoryOptions } from "../domain/categories";
import { type DraftForm, emptyDraft, fieldFor, rescheduleIfStarted, toCreateRequest } from "../domain/listing-draft";
import { formatMoney } from "../domain/money";
import { serverClock } from "../live/clock";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

const DURATIONS = [
  { minutes: 1, label: "1 minute" },
  { minutes: 5, label: "5 minutes" },
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "1 day" },
  { minutes: 4320, label: "3 days" },
  { minutes: 10080, label: "7 days" },
];

type Errors = Partial<Record<keyof DraftForm, string>>;

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

function SellerDesk({ sellerId }: { sellerId: string }) {
  const [mine, setMine] = useState<Listing[]>([]);
  const [listError, setListError] = useState<string>();

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

  const replace = (l: Listing) => setMine((current) => mergeListings(current, [l]));

  return (
    <>
      <h1 tabIndex={-1}>Sell an item</h1>
      <div className="sell-layout">
        <CreateListingForm onCreated={replace} />
        <section aria-labelledby="my-auctions-heading" className="my-auctions">
          <h2 id="my-auctions-heading">Your auctions</h2>
          {listError ? <FormMessage tone="error">{listError}</FormMessage> : null}
          {mine.length === 0 ? <p className="muted">You have no auctions yet.</p> : null}
          <ul className="my-auctions__list">
            {mine.map((l) => (
              <li key={l.id}>
                <MyAuction listing={l} onChange={replace} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

function mergeListings(current: Listing[], incoming: Listing[]): Listing[] {
  const byId = new Map(current.map((l) => [l.id, l]));
  for (const l of incoming) byId.set(l.id, l);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function CreateListingForm({ onCreated }: { onCreated(l: Listing): void }) {
  const [form, setForm] = useState<DraftForm>(emptyDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttemptKey();
  const set =
    <K extends keyof DraftForm>(key: K) =>
    (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [key]: e.target.value as DraftForm[K] }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = toCreateRequest(form, serverClock.now());
    if (!built.ok) {
      setErrors(built.errors);
      setMessage({ tone: "error", text: "Check the highlighted fields." });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      const listing = await createAuction(built.request, attempt.current());
      attempt.answered();
      onCreated(listing);
      setForm(emptyDraft);
      setMessage({ tone: "success", text: `Draft "${listing.title}" created. Publish it under "Your auctions" to open it to bidders.` });
    } catch (err) {
      attempt.answered(err);
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const byRequestField = fieldErrorsFromDetails(err.details);
        setErrors(Object.fromEntries(Object.entries(byRequestField).map(([k, v]) => [fieldFor(k), v])));
        setMessage({ tone: "error", text: "Check the highlighted fields." });
      } else {
        setMessage({ tone: "error", text: err instanceof ApiError ? err.message : "The auction could not be created." });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="stack sell-form" aria-labelledby="create-heading">
      <h2 id="create-heading">New auction</h2>
      <Field label="Title" error={errors.title}>
        {(c) => <input {...c} name="title" value={form.title} onChange={set("title")} maxLength={140} />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(c) => <textarea {...c} name="description" rows={4} value={form.description} onChange={set("description")} />}
      </Field>
      <Field label="Category" error={errors.category}>
        {(c) => (
          <select {...c} name="category" value={form.category} onChange={set("category")}>
            <option value="">Choose a category</option>
            {categoryOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Photo addresses" hint="One image URL per line (https://… or /path)." error={errors.imageUrls}>
        {(c) => <textarea {...c} name="imageUrls" rows={2} value={form.imageUrls} onChange={set("imageUrls")} />}
      </Field>
      <div className="row">
        <Field label="Starting price (USD)" error={errors.startingPrice}>
          {(c) => <input {...c} name="startingPrice" inputMode="decimal" value={form.startingPrice} onChange={set("startingPrice")} />}
        </Field>
        <Field label="Bid step (USD)" hint="How much each bid must add." error={errors.increment}>
          {(c) => <input {...c} name="increment" inputMode="decimal" value={form.increment} onChange={set("increment")} />}
        </Field>
      </div>
      <Field
        label="Reserve price (USD, optional)"
        hint="Below this the item is not sold. Bidders only see that there is one."
        error={errors.reservePrice}
      >
        {(c) => <input {...c} name="reservePrice" inputMode="decimal" value={form.reservePrice} onChange={set("reservePrice")} />}
      </Field>
      <fieldset className="choices">
        <legend>Bidding starts</legend>
        <label>
          <input type="radio" name="startMode" value="on-publish" checked={form.startMode === "on-publish"} onChange={set("startMode")} />{" "}
          When I publish it
        </label>
        <label>
          <input type="radio" name="startMode" value="at" checked={form.startMode === "at"} onChange={set("startMode")} /> At a set time
        </label>
      </fieldset>
      {form.startMode === "at" ? (
        <Field label="Start time" error={errors.startsAt}>
          {(c) => <input {...c} type="datetime-local" name="startsAt" value={form.startsAt} onChange={set("startsAt")} />}
        </Field>
      ) : null}
      <Field label="Bidding lasts" error={errors.durationMinutes}>
        {(c) => (
          <select {...c} name="durationMinutes" value={form.durationMinutes} onChange={set("durationMinutes")}>
            {DURATIONS.map((d) => (
              <option key={d.minutes} value={String(d.minutes)}>
                {d.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="row">
        <legend>Late-bid protection</legend>
        <Field label="Window (seconds)" hint="A bid this close to the end…" error={errors.antiSnipingWindowSeconds}>
          {(c) => (
            <input
              {...c}
              name="antiSnipingWindowSeconds"
              inputMode="numeric"
              value={form.antiSnipingWindowSeconds}
              onChange={set("antiSnipingWindowSeconds")}
            />
          )}
        </Field>
        <Field label="Extension (seconds)" hint="…extends bidding by this much." error={errors.antiSnipingExtensionSeconds}>
          {(c) => (
            <input
              {...c}
              name="antiSnipingExtensionSeconds"
              inputMode="numeric"
              value={form.antiSnipingExtensionSeconds}
              onChange={set("antiSnipingExtensionSeconds")}
            />
          )}
        </Field>
      </fieldset>
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Creating…" : "Create draft"}
      </button>
    </form>
  );
}

const ENDED = new Set(["closed", "sold", "unsold"]);

/** My sales: the final price, and where the buyer's payment and the seller's payout stand. */
function SaleOutcome({ listing }: { listing: Listing }) {
  return (
    <div className="my-auction__sale">
      <p>{listing.finalPrice === null ? "Ended without a sale." : `Final price ${formatMoney(listing.finalPrice)}.`}</p>
      {listing.finalPrice === null ? null : <SettlementPanel auctionId={listing.id} myId={listing.sellerId} poll={false} />}
    </div>
  );
}

function MyAuction({ listing, onChange }: { listing: Listing; onChange(l: Listing): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const act = async (what: () => Promise<Listing>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await what());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const publish = () =>
    act(async () => {
      const moved = rescheduleIfStarted(listing, serverClock.now());
      if (moved) await updateAuction(listing.id, moved);
      return publishAuction(listing.id);
    });

  const canCancel = listing.status === "draft" || listing.status === "scheduled";
  return (
    <article className="my-auction" aria-label={listing.title}>
      <h3>
        <Link href={paths.auction(listing.id)}>{listing.title}</Link>
      </h3>
      <p>
        <StatusBadge status={listing.status} /> from {formatMoney(listing.startingPrice)} · ends {new Date(listing.endsAt).toLocaleString()}
      </p>
      <div className="my-auction__actions">
        {listing.status === "draft" ? (
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={publish}>
            Publish <span className="visually-hidden">{listing.title}</span>
          </button>
        ) : null}
        {canCancel ? (
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={busy}
            onClick={() => act(() => cancelAuction(listing.id))}
          >
            Cancel <span className="visually-hidden">{listing.title}</span>
          </button>
        ) : null}
      </div>
      {ENDED.has(listing.status) ? <SaleOutcome listing={listing} /> : null}
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
    </article>
  );
}
