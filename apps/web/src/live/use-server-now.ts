import { useEffect, useState } from "react";
import { serverClock } from "./clock";

/** The server's current time in ms, re-rendering every `tickMs` and whenever the clock estimate moves. */
export function useServerNow(tickMs = 1000): number {
  const [now, setNow] = useState(() => serverClock.now());
  useEffect(() => {
    const update = () => setNow(serverClock.now());
    const timer = window.setInterval(update, tickMs);
    const unsubscribe = serverClock.subscribe(update);
    update();
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [tickMs]);
  return now;
}
