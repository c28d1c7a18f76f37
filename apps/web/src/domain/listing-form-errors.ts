import type { DraftForm, FieldKey, FormErrors } from "./listing-draft";

/** The form's fields in the order the form shows them: the first with an error gets the focus. */
export function fieldOrder(form: DraftForm): FieldKey[] {
  const steps: FieldKey[] =
    form.incrementMode === "fixed" ? ["increment"] : form.tiers.flatMap((_, i): FieldKey[] => [`tiers.${i}.from`, `tiers.${i}.amount`]);
  return [
    "title",
    "description",
    "category",
    "photos",
    "startingPrice",
    "reservePrice",
    "incrementMode",
    ...steps,
    "startMode",
    ...(form.startMode === "at" ? (["startsAt"] as const) : []),
    "endMode",
    form.endMode === "after" ? "durationMinutes" : "endsAt",
    "antiSnipingWindowSeconds",
    "antiSnipingExtensionSeconds",
  ];
}

/** The field to move focus to: the first one, in form order, that has a message. */
export function firstInvalid(form: DraftForm, errors: FormErrors): FieldKey | undefined {
  const order = fieldOrder(form);
  return order.find((key) => errors[key] !== undefined) ?? (Object.keys(errors)[0] as FieldKey | undefined);
}

/**
 * Where a complaint about a request field shows on the form. `path` is the contract's (or the
 * server's `details[].path`): ["incrementRule", "tiers", 1, "from"] or "incrementRule.tiers.1.from".
 * Null when it names no field (the whole request): the form shows it as its overall message.
 */
export function fieldForPath(path: string | readonly (string | number)[], form: DraftForm): FieldKey | null {
  const parts = (typeof path === "string" ? path.split(".") : path.map(String)).filter((p) => p !== "");
  const [first, second, third, fourth] = parts;
  switch (first) {
    case undefined:
      return null;
    case "title":
    case "description":
    case "category":
    case "startingPrice":
    case "reservePrice":
      return first;
    case "imageUrls":
      return "photos";
    case "incrementRule": {
      if (form.incrementMode === "fixed") return "increment";
      const row = Number(third);
      if (second === "tiers" && Number.isInteger(row) && row >= 0 && row < form.tiers.length)
        return fourth === "amount" ? `tiers.${row}.amount` : `tiers.${row}.from`;
      return "incrementMode";
    }
    case "startsAt":
      return form.startMode === "at" ? "startsAt" : "startMode";
    case "endsAt":
      return form.endMode === "at" ? "endsAt" : "durationMinutes";
    case "antiSniping":
      return second === "extensionSeconds" ? "antiSnipingExtensionSeconds" : "antiSnipingWindowSeconds";
    default:
      return null;
  }
}

/** Refusals without `details` that are still about one field (the catalogue's rule checks). */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_SCHEDULE: "endsAt",
  ENDS_TOO_SOON: "endsAt",
  INVALID_RESERVE: "reservePrice",
};

/**
 * A refused create or edit, as messages next to fields (VALIDATION_FAILED's `details`, or a
 * rule that names one field) and what names no field (`general`: shown as the form's message).
 */
export function formErrorsFromApi(
  error: { code: string; message: string; details?: unknown },
  form: DraftForm,
): { errors: FormErrors; general: string | undefined } {
  const errors: FormErrors = {};
  const unplaced: string[] = [];
  if (error.code === "VALIDATION_FAILED" && Array.isArray(error.details)) {
    for (const item of error.details) {
      if (typeof item !== "object" || item === null) continue;
      const { path, message } = item as { path?: unknown; message?: unknown };
      if (typeof message !== "string") continue;
      const field = typeof path === "string" || Array.isArray(path) ? fieldForPath(path as string | string[], form) : null;
      if (field) errors[field] ??= message;
      else unplaced.push(message);
    }
    if (Object.keys(errors).length === 0 && unplaced.length === 0) unplaced.push(error.message);
  } else {
    const requestField = FIELD_OF_CODE[error.code];
    const field = requestField ? fieldForPath(requestField, form) : null;
    if (field) errors[field] = error.message;
    else unplaced.push(error.message);
  }
  return { errors, general: unplaced.length > 0 ? unplaced.join(" ") : undefined };
}
