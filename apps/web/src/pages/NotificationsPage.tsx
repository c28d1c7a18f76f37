import { NotificationKind as Kinds, type Notification, type NotificationKind } from "@auction-mesh/contracts";
import { useEffect, useState } from "react";
import { ApiError } from "../api/http";
import { getNotifications, getPreferences, updatePreferences } from "../api/notifications";
import { usePageTitle } from "../app/use-page-title";
import { FormMessage } from "../components/FormMessage";
import { PageNotice } from "../components/PageNotice";
import { KIND_LABELS } from "../domain/notifications";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Everything the person was told, paged, and which kinds also come by e-mail. */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title="Notifications">
        <Link href={paths.signIn(paths.notifications)}>Sign in</Link> to see your notifications.
      </PageNotice>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>Notifications</h1>
      <NotificationList />
      <EmailPreferences />
    </>
  );
}

function NotificationList() {
  const [items, setItems] = useState<Notification[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [loaded, setLoaded] = useState(false);

  const load = async (before: number | undefined, signal?: AbortSignal) => {
    try {
      const page = await getNotifications(before, 20, signal);
      setItems((shown) => (before === undefined ? page.notifications : [...shown, ...page.notifications]));
      setNextBefore(page.nextBefore);
      setLoaded(true);
    } catch (err) {
      if (!signal?.aborted) setError(err instanceof ApiError ? err.message : "Notifications could not be loaded.");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads the first page once.
  useEffect(() => {
    const abort = new AbortController();
    void load(undefined, abort.signal);
    return () => abort.abort();
  }, []);

  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading" className="visually-hidden">
        All notifications
      </h2>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {!loaded && !error ? <p role="status">Loading…</p> : null}
      {loaded && items.length === 0 ? <p className="muted">Nothing yet. Bids, wins and payments show up here.</p> : null}
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id} className={n.readAt ? "notification" : "notification notification--unread"} data-kind={n.kind}>
            <Link href={n.link}>
              <strong>{n.title}</strong>
            </Link>
            <p>{n.body}</p>
            <time dateTime={n.createdAt}>{time.format(new Date(n.createdAt))}</time>
          </li>
        ))}
      </ul>
      {nextBefore !== null ? (
        <button type="button" className="button button--ghost" onClick={() => void load(nextBefore)}>
          Older
        </button>
      ) : null}
    </section>
  );
}

function EmailPreferences() {
  const [email, setEmail] = useState<Record<NotificationKind, boolean>>();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();

  useEffect(() => {
    const abort = new AbortController();
    getPreferences(abort.signal)
      .then((p) => setEmail(p.email))
      .catch((err: unknown) => {
        if (!abort.signal.aborted)
          setMessage({ tone: "error", text: err instanceof ApiError ? err.message : "Settings could not be loaded." });
      });
    return () => abort.abort();
  }, []);

  const toggle = async (kind: NotificationKind, on: boolean) => {
    setMessage(undefined);
    try {
      const saved = await updatePreferences({ email: { [kind]: on } });
      setEmail(saved.email);
      setMessage({ tone: "success", text: "Saved." });
    } catch (err) {
      setMessage({ tone: "error", text: err instanceof ApiError ? err.message : "That did not save. Try again." });
    }
  };

  return (
    <section aria-labelledby="email-heading" className="email-preferences">
      <h2 id="email-heading">E-mail me when…</h2>
      {email ? (
        <ul>
          {Kinds.options.map((kind) => (
            <li key={kind}>
              <label>
                <input type="checkbox" checked={email[kind]} onChange={(e) => void toggle(kind, e.target.checked)} /> {KIND_LABELS[kind]}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
    </section>
  );
}
