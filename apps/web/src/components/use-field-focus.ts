import { type RefObject, useCallback, useEffect, useState } from "react";

/**
 * Moves focus to a form's control by its name, once the render that shows its error is done
 * (a radio group: the checked radio). Returns the function that asks for it.
 */
export function useFieldFocus(form: RefObject<HTMLFormElement | null>): (name: string) => void {
  const [request, setRequest] = useState<{ name: string; n: number }>();
  useEffect(() => {
    if (!request || !form.current) return;
    const selector = `[name="${CSS.escape(request.name)}"]`;
    const control = form.current.querySelector<HTMLElement>(`${selector}:checked`) ?? form.current.querySelector<HTMLElement>(selector);
    control?.focus();
  }, [request, form]);
  return useCallback((name: string) => setRequest((r) => ({ name, n: (r?.n ?? 0) + 1 })), []);
}
