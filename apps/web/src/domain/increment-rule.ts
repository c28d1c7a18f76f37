import type { IncrementRule } from "@auction-mesh/contracts";
import { centsToInput, formatMoney } from "./money";
import { type AmountResult, parseAmount } from "./money-entry";

/** One row of "steps by price": from this price on, each bid must add this step (dollars as typed). */
export interface TierRow {
  /** Stable React key: rows are added and removed. */
  key: number;
  from: string;
  amount: string;
}

/** The bid-step part of the seller's form. */
export interface IncrementForm {
  incrementMode: "fixed" | "tiered";
  /** The fixed step, in dollars. */
  increment: string;
  /** The first row's `from` is always 0 (the contract's rule); the form shows it fixed at $0.00. */
  tiers: TierRow[];
}

/** The contract allows at most this many bands. */
export const MAX_TIERS = 100;

export type TierField = `tiers.${number}.from` | `tiers.${number}.amount`;
export type IncrementErrors = Partial<Record<"increment" | TierField, string>>;

export const firstTier = (amount = "1.00"): TierRow => ({ key: 0, from: "0.00", amount });

/** A new empty row after the others, with a key none of them uses. */
export function addTierRow(rows: TierRow[]): TierRow[] {
  if (rows.length >= MAX_TIERS) return rows;
  const key = rows.reduce((max, r) => Math.max(max, r.key), -1) + 1;
  return [...rows, { key, from: "", amount: "" }];
}

/** Removes a row; the first (from $0.00) stays. */
export function removeTierRow(rows: TierRow[], index: number): TierRow[] {
  return index <= 0 ? rows : rows.filter((_, i) => i !== index);
}

/**
 * The rule the form describes, with the contract's rules checked in words: a positive fixed
 * step; or bands whose first starts at $0.00, each starting above the one before, each with a
 * positive step. Every problem is reported, one per field.
 */
export function parseIncrementRule(form: IncrementForm): { rule?: IncrementRule; errors: IncrementErrors } {
  const errors: IncrementErrors = {};
  if (form.incrementMode === "fixed") {
    const amount = positive(parseAmount(form.increment), "Enter the bid step in dollars, like 1 or 0.50.");
    if ("error" in amount) return { errors: { increment: amount.error } };
    return { rule: { kind: "fixed", amount: amount.cents }, errors };
  }
  const tiers: { from: number; amount: number }[] = [];
  let previousFrom: number | undefined;
  form.tiers.forEach((row, i) => {
    let from: number | undefined = 0;
    if (i > 0) {
      const parsed = parseAmount(row.from);
      if ("error" in parsed) {
        from = undefined;
        errors[`tiers.${i}.from`] = row.from.trim() === "" ? "Enter the price this step starts from." : parsed.error;
      } else if (previousFrom !== undefined && parsed.cents <= previousFrom) {
        from = undefined;
        errors[`tiers.${i}.from`] = `Enter a price above the row before (${formatMoney(previousFrom)}).`;
      } else from = parsed.cents;
    }
    // A row whose start is wrong still bounds the next one by the last good start.
    if (from !== undefined) previousFrom = from;
    const amount = positive(parseAmount(row.amount), "Enter a step above $0.00, like 1 or 0.50.");
    if ("error" in amount) errors[`tiers.${i}.amount`] = amount.error;
    if (from !== undefined && !("error" in amount)) tiers.push({ from, amount: amount.cents });
  });
  if (Object.keys(errors).length > 0) return { errors };
  return { rule: { kind: "tiered", tiers }, errors };
}

function positive(result: AmountResult, message: string): AmountResult {
  if ("error" in result) return result.empty ? { error: message, empty: true } : result;
  return result.cents > 0 ? result : { error: message };
}

/** The form's bid-step part for an existing rule (editing a draft). */
export function incrementFormFrom(rule: IncrementRule): IncrementForm {
  if (rule.kind === "fixed")
    return { incrementMode: "fixed", increment: centsToInput(rule.amount), tiers: [firstTier(centsToInput(rule.amount))] };
  return {
    incrementMode: "tiered",
    increment: centsToInput(rule.tiers[0]?.amount ?? 100),
    tiers: rule.tiers.map((t, key) => ({ key, from: centsToInput(t.from), amount: centsToInput(t.amount) })),
  };
}

/** "Step $1.00", or "Steps $1.00 from $0.00, $5.00 from $100.00". */
export function describeIncrementRule(rule: IncrementRule): string {
  if (rule.kind === "fixed") return `Step ${formatMoney(rule.amount)}`;
  return `Steps ${rule.tiers.map((t) => `${formatMoney(t.amount)} from ${formatMoney(t.from)}`).join(", ")}`;
}

export function sameIncrementRule(a: IncrementRule, b: IncrementRule): boolean {
  if (a.kind === "fixed") return b.kind === "fixed" && a.amount === b.amount;
  if (b.kind === "fixed") return false;
  return a.tiers.length === b.tiers.length && a.tiers.every((t, i) => t.from === b.tiers[i]?.from && t.amount === b.tiers[i]?.amount);
}
