/** Who gets e-mail for what, unless they chose otherwise. Pure. */
import { NotificationKind as Kinds, type NotificationKind, type NotificationPreferences } from "@auction-mesh/contracts";

/**
 * E-mail by default for what needs action or settles money; not for "lost" (the bell says it)
 * nor "payment received" (the completion follows within seconds). Outbid mail is on, but
 * outbid notices coalesce: one unread notice per auction, so one mail until it is read.
 */
export const DEFAULT_EMAIL: Record<NotificationKind, boolean> = {
  "ending-soon": true,
  outbid: true,
  won: true,
  lost: false,
  sold: true,
  "no-sale": true,
  "payment-due": true,
  "payment-reminder": true,
  "payment-received": false,
  "second-chance": true,
  "settlement-completed": true,
  "settlement-failed": true,
};

/** A person's whole preferences: their choices over the defaults. */
export function preferencesOf(choices: ReadonlyMap<NotificationKind, boolean>): NotificationPreferences {
  return {
    email: Object.fromEntries(Kinds.options.map((k) => [k, choices.get(k) ?? DEFAULT_EMAIL[k]])) as Record<NotificationKind, boolean>,
  };
}
