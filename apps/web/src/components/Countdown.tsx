import { describeCountdown, formatCountdown, isEndingSoon, remainingMs } from "../domain/countdown";
import { useServerNow } from "../live/use-server-now";

interface CountdownProps {
  /** When time is up (ISO); counted against the server's clock, not the browser's. */
  until: string;
  label: string;
  /** How often to redraw; the room ticks faster than list cards. */
  tickMs?: number;
}

/**
 * A ticking countdown. role="timer" is a live region that stays quiet (announcing every
 * second would drown everything else); its name carries the time in words for screen readers.
 */
export function Countdown({ until, label, tickMs = 250 }: CountdownProps) {
  const now = useServerNow(tickMs);
  const left = remainingMs(until, now);
  return (
    <p className={isEndingSoon(left) ? "countdown countdown--soon" : "countdown"}>
      <span className="countdown__label">{label}</span>{" "}
      <span role="timer" aria-label={`${label} ${describeCountdown(left)}`} title={new Date(until).toLocaleString()}>
        {formatCountdown(left)}
      </span>
    </p>
  );
}
