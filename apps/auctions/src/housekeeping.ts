import type { Logger } from "@auction-mesh/service-kit";
import type { DeadLetterStore } from "./dead-letters.js";
import { type Retention, retentionCutoffs } from "./domain/retention.js";
import type { ListingStore } from "./listing-store.js";

/** Rows deleted per statement: a long backlog goes in short transactions. */
const BATCH = 500;

async function inBatches(remove: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let n = BATCH; n === BATCH; total += n) n = await remove();
  return total;
}

/**
 * The catalogue's housekeeping, run when the cron binding (components/<profile>/cleanup-schedule.yaml)
 * calls: abandoned drafts and long-resolved dead letters go. Safe to run twice at once or again
 * at any time: each statement deletes only what is past its cutoff.
 */
export class Housekeeping {
  constructor(
    private readonly listings: ListingStore,
    private readonly deadLetters: DeadLetterStore,
    private readonly retention: Retention,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(): Promise<{ drafts: number; deadLetters: number }> {
    const cutoffs = retentionCutoffs(this.clock(), this.retention);
    const drafts = await inBatches(() => this.listings.deleteAbandonedDrafts(cutoffs.drafts, BATCH));
    const deadLetters = await inBatches(() => this.deadLetters.purgeResolved(cutoffs.deadLetters, BATCH));
    this.logger.info({ drafts, deadLetters, cutoffs }, "housekeeping: abandoned drafts and old dead letters deleted");
    return { drafts, deadLetters };
  }
}
