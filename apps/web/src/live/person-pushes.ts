/**
 * One socket per page: the gateway sends a person's notifications to every socket of theirs, so
 * while an auction room is open its socket carries them and the bell needs none of its own. The
 * room hands each push here; the bell listens here, and opens its own socket only while no room
 * carries them. (Two sockets per page also kept Chromium's offline emulation from dropping the
 * room's: its reconnecting banner never showed in the browser test.)
 */
type Listener = (raw: unknown) => void;

const listeners = new Set<Listener>();
const carrierWatchers = new Set<() => void>();
const connectWatchers = new Set<() => void>();
let carriers = 0;

export const personPushes = {
  /** The bell: every push, from whichever socket carries it. */
  listen(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  deliver(raw: unknown): void {
    for (const l of listeners) l(raw);
  },
  /** A carrying socket (re)connected: what was pushed while it was down must be read again. */
  connected(): void {
    for (const w of connectWatchers) w();
  },
  watchConnects(watcher: () => void): () => void {
    connectWatchers.add(watcher);
    return () => connectWatchers.delete(watcher);
  },
  /** An authenticated room socket opened (true) or closed (false). */
  carrying(open: boolean): void {
    carriers += open ? 1 : -1;
    for (const w of carrierWatchers) w();
  },
  carried(): boolean {
    return carriers > 0;
  },
  watchCarriers(watcher: () => void): () => void {
    carrierWatchers.add(watcher);
    return () => carrierWatchers.delete(watcher);
  },
};
