/** How long the catalogue keeps what nobody needs any more (housekeeping, on the cron binding). */
export interface Retention {
  /** A draft untouched this long is abandoned. */
  draftDays: number;
  /** A dead letter resolved (replayed or discarded) this long ago is history. */
  deadLetterDays: number;
}

const DAY_MS = 86_400_000;

/** The instants before which each kind is cleared. */
export function retentionCutoffs(now: Date, retention: Retention): { drafts: Date; deadLetters: Date } {
  return {
    drafts: new Date(now.getTime() - retention.draftDays * DAY_MS),
    deadLetters: new Date(now.getTime() - retention.deadLetterDays * DAY_MS),
  };
}
