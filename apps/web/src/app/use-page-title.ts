import { useEffect } from "react";

/** Each page names itself in the tab title, so history, bookmarks and screen readers can tell pages apart. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Auction Mesh`;
  }, [title]);
}
