/**
 * `<input type="datetime-local">` speaks the person's wall-clock time ("2026-11-24T19:30", no
 * zone); the API speaks instants (ISO 8601 with an offset). These convert between the two in
 * the browser's time zone.
 */

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, "0");

/**
 * An instant as a datetime-local value in the local time zone: to the minute ("2026-11-24T19:30"),
 * or, when `exact`, with the seconds and milliseconds it has ("…T19:30:15.250"), so that a stored
 * time shown in a form reads back as the same instant.
 */
export function toDatetimeLocal(ms: number, exact = false): string {
  const d = new Date(ms);
  const minute = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (!exact || (d.getSeconds() === 0 && d.getMilliseconds() === 0)) return minute;
  return d.getMilliseconds() === 0 ? `${minute}:${pad(d.getSeconds())}` : `${minute}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A datetime-local value read as local time, or undefined when it is not a real date and time. */
export function parseDatetimeLocal(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const millis = Number((match[7] ?? "0").padEnd(3, "0"));
  const d = new Date(year as number, (month as number) - 1, day, hours, minutes, seconds, millis);
  // new Date rolls Feb 30 over into March: such a value is not a date.
  if (d.getFullYear() !== year || d.getMonth() !== (month as number) - 1 || d.getDate() !== day) return undefined;
  return d.getTime();
}

/** "2026-11-24T19:30:00.000-05:00": the instant, written in the local time zone with its offset. */
export function toIsoWithOffset(ms: number): string {
  const d = new Date(ms);
  const offsetMinutes = -d.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const date = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return `${date}T${time}${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`;
}

/** The browser's time zone name ("Europe/Berlin"), for hints next to time inputs. */
export function localTimeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "your time zone";
}
