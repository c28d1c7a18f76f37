import { z } from "zod";

/** Money is an integer number of minor units (cents) so sums and comparisons are exact. */
export const MinorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export type MinorUnits = z.infer<typeof MinorUnits>;
