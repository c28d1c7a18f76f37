import { type Contact, NotificationKind as Kinds, type NotificationKind } from "@auction-mesh/contracts";
import { HttpError, type Logger } from "@auction-mesh/service-kit";
import { type RenderedMail, renderMail } from "./domain/mail.js";
import type { PrismaClient } from "./generated/prisma/client.js";
import type { NotificationMetrics } from "./metrics.js";

/** The port the mail goes out through (the Dapr mail binding in production). */
export interface MailSender {
  send(mail: RenderedMail): Promise<void>;
}

/** Finds a person's address; an HttpError 404 means there is no such person (never retried). */
export type ContactBook = (userId: string) => Promise<Contact>;

/** Per message: 2 s, doubling, at most a minute between attempts. */
const retryDelayMs = (attempts: number) => Math.min(60_000, 1_000 * 2 ** attempts);
/** After this many failed sends (~20 minutes at a minute apart) a mail is abandoned, with its last error. */
const MAX_ATTEMPTS = 25;
/** Messages one drain sends at most before letting other work in. */
const BATCH = 20;

interface Due {
  notificationId: bigint;
  recipientId: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  attempts: number;
}

type Outcome = "sent" | "none" | { abandoned: string } | { failed: string };

/**
 * The mail queue: each row is one notification's e-mail, sent once through the mail binding.
 * Sent under the row's lock (replicas never send the same one at once) and marked sent in the
 * same transaction; a failure keeps it for a later attempt (SMTP down: mail waits and goes out
 * when it is back), a person without an account abandons it. A crash after the relay took the
 * mail but before the commit sends it again: at least once, like any SMTP client.
 */
export class MailQueue {
  constructor(
    private readonly db: PrismaClient,
    private readonly contacts: ContactBook,
    private readonly sender: MailSender,
    private readonly publicUrl: string,
    private readonly logger: Logger,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** One drain (DrainLoop): answers whether more may be due; throws when sending fails (backoff). */
  async drainOnce(): Promise<boolean> {
    for (let i = 0; i < BATCH; i++) {
      const outcome = await this.sendNext();
      if (outcome === "none") return false;
      if (typeof outcome === "object" && "failed" in outcome) throw new Error(`sending mail failed: ${outcome.failed}`);
    }
    return true;
  }

  private sendNext(): Promise<Outcome> {
    return this.db.$transaction(
      async (tx) => {
        const [due] = await tx.$queryRaw<Due[]>`
          SELECT m."notification_id" AS "notificationId", n."recipient_id" AS "recipientId", n."kind", n."title", n."body", n."link", m."attempts"
          FROM "mail_queue" m JOIN "notifications" n ON n."id" = m."notification_id"
          WHERE m."sent_at" IS NULL AND m."abandoned_at" IS NULL AND m."next_attempt_at" <= now()
          ORDER BY m."next_attempt_at", m."notification_id" LIMIT 1 FOR UPDATE OF m SKIP LOCKED`;
        if (!due) return "none";
        const outcome = await this.deliver(due);
        const where = { notificationId: due.notificationId };
        if (outcome === "sent")
          await tx.mailQueue.update({ where, data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
        else if ("abandoned" in outcome)
          await tx.mailQueue.update({ where, data: { abandonedAt: new Date(), lastError: outcome.abandoned } });
        else if (due.attempts + 1 >= MAX_ATTEMPTS)
          await tx.mailQueue.update({
            where,
            data: {
              attempts: { increment: 1 },
              abandonedAt: new Date(),
              lastError: `gave up after ${MAX_ATTEMPTS} attempts: ${outcome.failed}`,
            },
          });
        else
          await tx.mailQueue.update({
            where,
            data: {
              attempts: { increment: 1 },
              nextAttemptAt: new Date(Date.now() + retryDelayMs(due.attempts + 1)),
              lastError: outcome.failed,
            },
          });
        return outcome;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  private async deliver(due: Due): Promise<Exclude<Outcome, "none">> {
    let contact: Contact;
    try {
      contact = await this.contacts(due.recipientId);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        this.metrics.emailFailed("no_account");
        return { abandoned: `no account ${due.recipientId}` };
      }
      this.metrics.emailFailed("address_lookup");
      return { failed: `looking up the address: ${(err as Error).message}` };
    }
    const kind: NotificationKind = Kinds.parse(due.kind);
    const mail = renderMail({ title: due.title, body: due.body, link: due.link, kind }, contact, this.publicUrl);
    try {
      await this.sender.send(mail);
    } catch (err) {
      this.metrics.emailFailed("send");
      this.logger.warn(
        { err, notificationId: String(due.notificationId), attempts: due.attempts + 1 },
        "mail not sent; it waits for the next attempt",
      );
      return { failed: (err as Error).message };
    }
    this.metrics.emailSent(kind);
    this.logger.info({ notificationId: String(due.notificationId), kind, to: contact.userId }, "mail sent");
    return "sent";
  }
}
