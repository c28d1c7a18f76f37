import { NotificationKind } from "@auction-mesh/contracts";
import type { Counter, ServiceMetrics } from "@auction-mesh/service-kit";

/** Why an e-mail did not go: its address could not be looked up or the mail binding failed (both retried), or nobody has that account (abandoned). */
export const EmailFailures = ["address_lookup", "send", "no_account"] as const;
export type EmailFailure = (typeof EmailFailures)[number];

/** notifications' facts: notices created (the Notifier) and e-mails sent or not (the MailQueue). */
export class NotificationMetrics {
  private readonly created: Counter<"kind">;
  private readonly sent: Counter<"kind">;
  private readonly failed: Counter<"reason">;

  constructor(metrics: ServiceMetrics) {
    this.created = metrics.counter({
      name: "auction_notifications_created_total",
      help: "Notifications created, by kind (an outbid notice folded into the person's unread one is not a new one; a redelivered event creates none).",
      labelNames: ["kind"],
    });
    this.sent = metrics.counter({
      name: "auction_emails_sent_total",
      help: "E-mails the mail binding took, by notification kind.",
      labelNames: ["kind"],
    });
    this.failed = metrics.counter({
      name: "auction_emails_failed_total",
      help: "E-mail attempts that failed, by reason: address_lookup and send are tried again later, no_account is abandoned.",
      labelNames: ["reason"],
    });
    for (const kind of NotificationKind.options) {
      this.created.inc({ kind }, 0);
      this.sent.inc({ kind }, 0);
    }
    for (const reason of EmailFailures) this.failed.inc({ reason }, 0);
  }

  notificationsCreated(kinds: readonly NotificationKind[]): void {
    for (const kind of kinds) this.created.inc({ kind });
  }

  emailSent(kind: NotificationKind): void {
    this.sent.inc({ kind });
  }

  emailFailed(reason: EmailFailure): void {
    this.failed.inc({ reason });
  }
}
