/**
 * VALIDATION_FAILED answers list problems as `[{path, message}]`; forms show each next to its
 * field. `path` may be "email" or ["email"] or "tiers.0.from": the first segment names the field.
 */
export function fieldErrorsFromDetails(details: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(details)) return errors;
  for (const item of details) {
    if (typeof item !== "object" || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    const first = Array.isArray(path) ? path[0] : typeof path === "string" ? path.split(".")[0] : undefined;
    if ((typeof first === "string" || typeof first === "number") && typeof message === "string") {
      const key = String(first);
      errors[key] ??= message;
    }
  }
  return errors;
}

/** WEAK_PASSWORD details: what is wrong with the password and how to make it stronger. */
export function passwordAdvice(details: unknown): { warning: string; suggestions: string[] } {
  if (typeof details !== "object" || details === null) return { warning: "", suggestions: [] };
  const { warning, suggestions } = details as { warning?: unknown; suggestions?: unknown };
  return {
    warning: typeof warning === "string" ? warning : "",
    suggestions: Array.isArray(suggestions) ? suggestions.filter((s): s is string => typeof s === "string") : [],
  };
}
