/**
 * The dashboard's "Received mail": reads the embedded Mailpit's REST API (GET /api/v1/messages,
 * GET /api/v1/message/<id>) and answers a small same-origin shape, so the page needs no CORS.
 */

import { errorReply, getWithin, type Reply } from "./dashboard-http.js";

/** A message in the list: who, when, what. */
export interface MailSummary {
  id: string;
  at: string;
  from: string;
  to: string[];
  subject: string;
  snippet: string;
}

/** One message with its plain-text body. */
export interface MailMessage extends MailSummary {
  text: string;
}

export const MAIL_LIST_LIMIT = 50;
const TIMEOUT_MS = 2_000;

/** Mailpit's ids are alphanumeric (short UUIDs); anything else never reaches it. */
export const isMailId = (id: string): boolean => /^[A-Za-z0-9]{1,64}$/.test(id);

interface MailpitAddress {
  Name?: string;
  Address?: string;
}

interface MailpitSummary {
  ID: string;
  From?: MailpitAddress | null;
  To?: MailpitAddress[] | null;
  Subject?: string;
  Created?: string;
  Date?: string;
  Snippet?: string;
}

interface MailpitMessage extends MailpitSummary {
  Text?: string;
  HTML?: string;
}

const address = (a: MailpitAddress | null | undefined) => (a?.Name ? `${a.Name} <${a.Address ?? ""}>` : (a?.Address ?? ""));

function summary(m: MailpitSummary): MailSummary {
  return {
    id: m.ID,
    at: m.Created ?? m.Date ?? "",
    from: address(m.From),
    to: (m.To ?? []).map((t) => t.Address ?? ""),
    subject: m.Subject ?? "",
    snippet: m.Snippet ?? "",
  };
}

const noMailServer = () => errorReply(404, "NO_MAIL_SERVER", "the active profile embeds no mail server (Mailpit)");

/** GET from Mailpit; undefined when it does not answer (down, or not yet started). */
const mailpit = (base: string, path: string) => getWithin(`${base}${path}`, TIMEOUT_MS);

const unreachable = (base: string, why: string) => errorReply(502, "MAIL_SERVER_UNREACHABLE", `the mail server at ${base} ${why}`);

/** GET /api/mail: the latest messages, newest first. `base` is Mailpit's HTTP URL, if the profile embeds it. */
export async function mailList(base: string | undefined): Promise<Reply> {
  if (!base) return noMailServer();
  const res = await mailpit(base, `/api/v1/messages?limit=${MAIL_LIST_LIMIT}`);
  if (!res) return unreachable(base, "does not answer");
  if (!res.ok) return unreachable(base, `answered ${res.status}`);
  const body = (await res.json()) as { total?: number; messages?: MailpitSummary[] };
  return { status: 200, body: { total: body.total ?? 0, messages: (body.messages ?? []).map(summary) } };
}

/** GET /api/mail/<id>: one message's plain text (validated id: 400 BAD_MAIL_ID otherwise). */
export async function mailMessage(base: string | undefined, id: string): Promise<Reply> {
  if (!isMailId(id)) return errorReply(400, "BAD_MAIL_ID", "a mail id is letters and digits");
  if (!base) return noMailServer();
  const res = await mailpit(base, `/api/v1/message/${id}`);
  if (!res) return unreachable(base, "does not answer");
  if (res.status === 404) return errorReply(404, "MAIL_NOT_FOUND", `no message ${id}`);
  if (!res.ok) return unreachable(base, `answered ${res.status}`);
  const m = (await res.json()) as MailpitMessage;
  return { status: 200, body: { ...summary(m), text: m.Text ?? "" } satisfies MailMessage };
}
