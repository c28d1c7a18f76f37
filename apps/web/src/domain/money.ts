/**
 * Money is integer minor units (cents) everywhere in the API; only the screen shows dollars.
 */
export { formatMoney } from "@auction-mesh/contracts";

/** 1250 -> "12.50": how an amount is pre-filled into a text box. */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * What a person types ("12", "12.5", "$1,234.56") as cents, or undefined when it is not an
 * amount. Parsed from the digits, not via floats, so "0.29" is exactly 29.
 */
export function parseMoney(text: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/^\$\s*/, "")
    .replace(/,/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const [, whole = "0", fraction = ""] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
