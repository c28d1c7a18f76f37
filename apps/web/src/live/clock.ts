import { fetchServerTime } from "../api/time";
import { ServerClock } from "../domain/server-clock";

/** The app's one estimate of the server's clock; the room also feeds it each join's serverTime. */
export const serverClock = new ServerClock();

/** Asks GET /api/time now and then: countdowns on pages without a live room still use server time. */
export function keepServerClockInSync(everyMs = 5 * 60_000): () => void {
  const sync = () =>
    fetchServerTime()
      .then(({ now, sentAt, receivedAt }) => serverClock.observe(now, sentAt, receivedAt))
      .catch(() => undefined); // offline: keep the last estimate
  void sync();
  const timer = window.setInterval(sync, everyMs);
  return () => window.clearInterval(timer);
}
