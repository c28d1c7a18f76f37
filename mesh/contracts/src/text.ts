import { z } from "zod";

/** Tab, line feed, carriage return: the control characters a multi-line text may hold. */
const LINE_BREAKS = new Set([0x09, 0x0a, 0x0d]);

/**
 * Whether `s` holds a C0 control character (U+0000..U+001F) or DEL, tab and line breaks
 * excepted when `lineBreaksAllowed`. PostgreSQL refuses NUL in text outright (a 500, which the
 * mesh's retry policies would resend for seconds); the rest have no business in a title, a
 * name or a search either.
 */
export function hasControlCharacter(s: string, lineBreaksAllowed = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(lineBreaksAllowed && LINE_BREAKS.has(c))) return true;
  }
  return false;
}

/**
 * A string that may be stored (PostgreSQL text): no control characters. `multiline` allows
 * tab, line feed and carriage return (a description), otherwise none (a title, a name, a
 * search). The check runs before any `.trim()` chained after it, so a control character is
 * refused even where trimming would have removed it.
 */
export function storableText(options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? false;
  const allowed = multiline ? " (tab and line breaks are fine)" : "";
  return z.string().refine((s) => !hasControlCharacter(s, multiline), { message: `must not contain control characters${allowed}` });
}
