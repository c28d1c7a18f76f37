import type { ReactNode } from "react";

/**
 * A form's overall result. Errors use role="alert" so they are announced at once; successes
 * are polite status messages.
 */
export function FormMessage({ tone, children }: { tone: "error" | "success" | "info"; children: ReactNode }) {
  if (tone === "error")
    return (
      <div className="message message--error" role="alert">
        {children}
      </div>
    );
  return (
    <div className={`message message--${tone}`} role="status">
      {children}
    </div>
  );
}
