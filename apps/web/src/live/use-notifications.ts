import { LiveMessages, type Notification, NotificationPush } from "@auction-mesh/contracts";
import { useCallback, useEffect, useState } from "react";
import { io } from "socket.io-client";
import { getNotifications, markNotificationsRead } from "../api/notifications";
import { applyPush, markedRead } from "../domain/notifications";

const Pushed = NotificationPush.omit({ recipientId: true });

export interface NotificationsState {
  items: Notification[];
  unread: number;
  markRead(ids: number[] | "all"): Promise<void>;
}

/**
 * The signed-in person's notifications: the newest page from the API, then every new one pushed
 * over a socket of their own (the gateway sends it to all their sockets, on any page).
 */
export function useNotifications(token: string | undefined): NotificationsState {
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    setItems([]);
    setUnread(0);
    if (!token) return;
    const abort = new AbortController();
    const load = () =>
      getNotifications(undefined, 20, abort.signal)
        .then((page) => {
          setItems(page.notifications);
          setUnread(page.unread);
        })
        .catch(() => undefined); // the bell stays as it was; the next connect loads again
    const socket = io({ auth: { token }, transports: ["websocket", "polling"] });
    // Loaded on each (re)connect: what was pushed while the socket was down is in the page.
    socket.on("connect", load);
    socket.on(LiveMessages.notification, (raw: unknown) => {
      const push = Pushed.safeParse(raw);
      if (!push.success) return;
      setItems((list) => applyPush(list, push.data.notification));
      setUnread(push.data.unread);
    });
    return () => {
      abort.abort();
      socket.close();
    };
  }, [token]);

  const markRead = useCallback(async (ids: number[] | "all") => {
    const result = await markNotificationsRead(ids === "all" ? { all: true } : { ids });
    setItems((list) => markedRead(list, ids, new Date().toISOString()));
    setUnread(result.unread);
  }, []);

  return { items, unread, markRead };
}
