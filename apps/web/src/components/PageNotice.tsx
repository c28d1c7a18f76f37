import type { ReactNode } from "react";

/** A page that cannot show its content yet (signed out, wrong role): its heading and why. */
export function PageNotice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{title}</h1>
      <p>{children}</p>
    </section>
  );
}
