import { Jobs as JobNames } from "@auction-mesh/contracts";
import type { Jobs } from "@auction-mesh/service-kit";

export const endingSoonJob = (auctionId: string) => `${JobNames.endingSoonPrefix}${auctionId}`;

/**
 * "Ends in 5 minutes" for an auction's bidders: one scheduler job per auction (Dapr Jobs API,
 * durable), due `leadMs` before its end and moved whenever the end moves (anti-sniping). Jobs
 * are replaced by name, so planning again is safe.
 */
export class EndingReminders {
  /** The latest end seen per auction (an extension moves it; the catalogue's listing keeps the first). */
  private readonly ends = new Map<string, number>();

  constructor(
    private readonly jobs: Jobs,
    readonly leadMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async plan(auctionId: string, endsAt: string): Promise<void> {
    const end = Math.max(Date.parse(endsAt), this.ends.get(auctionId) ?? 0);
    this.ends.set(auctionId, end);
    if (this.ends.size > 10_000) this.ends.delete(this.ends.keys().next().value as string);
    const due = end - this.leadMs;
    if (due <= this.now()) return; // too late to say "soon"
    await this.jobs.schedule(endingSoonJob(auctionId), {
      dueTime: new Date(due).toISOString(),
      data: { auctionId },
      retry: { interval: "5s", maxRetries: 10 },
    });
  }
}
