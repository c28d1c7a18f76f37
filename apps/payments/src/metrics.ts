import type { SettlementStatus } from "@auction-mesh/contracts";
import type { Counter, ServiceMetrics } from "@auction-mesh/service-kit";

/** The statuses a settlement ends in or turns on, by the saga's own names. */
export const SettlementOutcomes = [
  "awaiting-payment",
  "second-chance-offered",
  "completed",
  "failed",
] as const satisfies readonly SettlementStatus[];
export type SettlementOutcome = (typeof SettlementOutcomes)[number];

/** payments' facts: what became of settlements, counted by the saga's activities as they record it. */
export class PaymentsMetrics {
  private readonly settlements: Counter<"outcome">;

  constructor(metrics: ServiceMetrics) {
    this.settlements = metrics.counter({
      name: "auction_settlements_total",
      help:
        "Settlements reaching an outcome, by the saga's status name: completed or failed (final), awaiting-payment (the buyer was short) " +
        "or second-chance-offered (the runner-up was offered the lot). An activity the workflow engine runs again after a crash counts again.",
      labelNames: ["outcome"],
    });
    for (const outcome of SettlementOutcomes) this.settlements.inc({ outcome }, 0);
  }

  settlement(outcome: SettlementOutcome): void {
    this.settlements.inc({ outcome });
  }
}
