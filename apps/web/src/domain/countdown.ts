/** Countdown arithmetic on the server's clock (see server-clock.ts); never negative. */
export function remainingMs(endsAtIso: string, serverNowMs: number): number {
  const end = Date.parse(endsAtIso);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, end - serverNowMs);
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Compact display: "2d 03:04:05" beyond a day, "1:02:03" beyond an hour, else "02:03".
 * Seconds are rounded up so the display reaches 00:00 exactly when time is up.
 */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${pad(minutes)}:${pad(seconds)}`;
}

/** The same duration in words, for screen readers and titles: "1 hour 2 minutes 3 seconds". */
export function describeCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  if (total === 0) return "no time";
  const parts: [number, string][] = [
    [Math.floor(total / 86_400), "day"],
    [Math.floor((total % 86_400) / 3600), "hour"],
    [Math.floor((total % 3600) / 60), "minute"],
    [total % 60, "second"],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`)
    .join(" ");
}

/** Under a minute the countdown turns urgent (styled, and worth a glance). */
export function isEndingSoon(ms: number): boolean {
  return ms > 0 && ms <= 60_000;
}
