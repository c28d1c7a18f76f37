/**
 * The dashboard's log search. The page's script receives this function as it is (its source
 * text, like dashboardScript's), so it must stay self-contained: no imports, no outside helpers.
 */

/** The lines that contain `query`, ignoring case and the query's surrounding blanks; every line for a blank query. */
export function linesContaining(lines: readonly string[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  return needle === "" ? [...lines] : lines.filter((line) => line.toLowerCase().includes(needle));
}
