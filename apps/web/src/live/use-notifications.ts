import { LiveMessages, type Notification, NotificationPush } from "@auction-mesh/contracts";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { io } from "socket.io-client";
import { getNotifications, markNotificationsRead } from "../api/notifications";
import { applyPush, markedRead } from "../domain/notifications";
import { personPushes } from "./person-pushes";

const Pushed = NotificationPush.omit({ recipientId: true });

export interface NotificationsState {
  items: Notification[];
  unread: number;
  markRead(ids: number[] | "all"): Promise<void>;
}

/**
 * The signed-in person's notifications: the newest page from the API, then every new one pushed
 * over the page's socket (the gateway sends it to all their sockets, on any page): an open
 * room's, or else one of the bell's own (person-pushes.ts).
 */
export function useNotifications(token: string | undefined): NotificationsState {
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);

  const carried = useSyncExternalStore(personPushes.watchCarriers, personPushes.carried);

  // The newest page, on sign-in and again whenever the push feed (re)connects: what was pushed
  // while it was down is in the page.
  const load = useCallback(
    (signal?: AbortSignal) =>
      getNotifications(undefined, 20, signal)
        .then((page) => {
          setItems(page.notifications);
          setUnread(page.unread);
        })
        .catch(() => undefined), // the bell stays as it was; the next connect loads again
    [],
  );

  useEffect(() => {
    setItems([]);
    setUnread(0);
    if (!token) return;
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [token, load]);

  // Pushes, from whichever socket carries them (an open room's, or the bell's own), and a fresh
  // page each time that socket (re)connects.
  useEffect(() => {
    if (!token) return;
    const stopReloading = personPushes.watchConnects(() => void load());
    const stopListening = personPushes.listen((raw) => {
      const push = Pushed.safeParse(raw);
      if (!push.success) return;
      setItems((list) => applyPush(list, push.data.notification));
      setUnread(push.data.unread);
    });
    return () => {
      stopReloading();
      stopListening();
    };
  }, [token, load]);

  // The bell's own socket, only while no room's socket carries the person's pushes.
  useEffect(() => {
    if (!token || carried) return;
    const socket = io({ auth: { token }, transports: ["websocket"] });
    socket.on("connect", () => personPushes.connected());
    socket.on(LiveMessages.notification, (raw: unknown) => personPushes.deliver(raw));
    return () => {
      socket.close();
    };
  }, [token, carried]);

  const markRead = useCallback(async (ids: number[] | "all") => {
    const result = await markNotificationsRead(ids === "all" ? { all: true } : { ids });
    setItems((list) => markedRead(list, ids, new Date().toISOString()));
    setUnread(result.unread);
  }, []);

  return { items, unread, markRead };
}
