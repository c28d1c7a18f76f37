import { useEffect, useRef, useState } from "react";
import { useNotifications } from "../live/use-notifications";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";

/** The header's bell: unread count, and the newest notifications in a panel, live. */
export function NotificationBell({ token }: { token: string }) {
  const { items, unread, markRead } = useNotifications(token);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !panel.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <div className="bell">
      <button type="button" className="bell__button" aria-expanded={open} aria-label={label} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="bell__count" data-testid="unread-count">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section className="bell__panel" ref={panel} aria-label="Notifications">
          <div className="bell__head">
            <strong>Notifications</strong>
            {unread > 0 ? (
              <button type="button" className="link-button" onClick={() => void markRead("all").catch(() => undefined)}>
                Mark all read
              </button>
            ) : null}
          </div>
          {items.length === 0 ? <p className="bell__empty">Nothing yet. Bids, wins and payments show up here.</p> : null}
          <ul className="bell__list">
            {items.slice(0, 10).map((n) => (
              <li key={n.id} className={n.readAt ? "bell__item" : "bell__item bell__item--unread"}>
                <Link
                  href={n.link}
                  onClick={() => {
                    setOpen(false);
                    if (!n.readAt) void markRead([n.id]).catch(() => undefined);
                  }}
                >
                  <span className="bell__title">{n.title}</span>
                  <span className="bell__body">{n.body}</span>
                  <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
                </Link>
              </li>
            ))}
          </ul>
          <Link href={paths.notifications} className="bell__all" onClick={() => setOpen(false)}>
            All notifications and e-mail settings
          </Link>
        </section>
      ) : null}
    </div>
  );
}
