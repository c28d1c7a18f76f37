/**
 * The e-mail of a notification: a plain-text and an HTML rendering of the same message. Pure.
 * daprd's smtp binding sends one text/html body, so the HTML goes out through it; the plain
 * text is for a binding that sends both (README: notifications) and for the logs.
 */
import type { Contact, NotificationKind } from "@auction-mesh/contracts";

export interface MailContent {
  title: string;
  body: string;
  link: string;
  kind: NotificationKind;
}

export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Lot titles and names are people's text: never markup in a mail. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] as string);

/** Subjects are one line: a title with a line break would end the header early. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").slice(0, 200);

export function renderMail(content: MailContent, contact: Contact, publicUrl: string): RenderedMail {
  const url = new URL(content.link, publicUrl).toString();
  const greeting = `Hello ${contact.displayName || "there"},`;
  const footer = "You get this e-mail because of your notification settings; change them on the notifications page.";
  const text = [greeting, "", content.body, "", `Open: ${url}`, "", "-- ", footer].join("\n");
  const html = `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;color:#1f2933;max-width:560px">
<p>${escapeHtml(greeting)}</p>
<h2 style="font-size:18px">${escapeHtml(content.title)}</h2>
<p>${escapeHtml(content.body)}</p>
<p><a href="${escapeHtml(url)}" style="background:#1d4ed8;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">Open in Auction Mesh</a></p>
<hr><p style="font-size:12px;color:#52606d">${escapeHtml(footer)}</p>
</body></html>`;
  return { to: contact.email, subject: oneLine(content.title), text, html };
}
