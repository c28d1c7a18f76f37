import type { IncrementRule } from "@auction-mesh/contracts";

/** The step a bid must add to `price` under `rule` (the band containing the price). */
export function incrementAt(rule: IncrementRule, price: number): number {
  if (rule.kind === "fixed") return rule.amount;
  let step = rule.tiers[0]?.amount ?? 1;
  for (const tier of rule.tiers) {
    if (price >= tier.from) step = tier.amount;
    else break;
  }
  return step;
}
