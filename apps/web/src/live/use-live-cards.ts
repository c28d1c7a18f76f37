import { type CardUpdate, MAX_WATCHED_CARDS, type SearchHit } from "@auction-mesh/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import { withUpdates } from "../domain/live-cards";
import { CardFeed } from "./card-feed";

/** Updates kept per auction: enough to span a refresh of the list. */
const KEPT_PER_AUCTION = 20;

/**
 * The cards shown, moving live: the gateway sends each shown auction's changes at most once a
 * second over Socket.IO, and each card applies those newer than what search counted.
 */
export function useLiveCards(hits: SearchHit[], token: string | null): SearchHit[] {
  const [updates, setUpdates] = useState<ReadonlyMap<string, CardUpdate[]>>(new Map());
  const feed = useRef<CardFeed | undefined>(undefined);

  useEffect(() => {
    const connection = new CardFeed(token, (update) =>
      setUpdates((current) => {
        const next = new Map(current);
        next.set(update.auctionId, [...(current.get(update.auctionId) ?? []), update].slice(-KEPT_PER_AUCTION));
        return next;
      }),
    );
    feed.current = connection;
    return () => {
      connection.close();
      feed.current = undefined;
    };
  }, [token]);

  const ids = hits.slice(0, MAX_WATCHED_CARDS).map((h) => h.id);
  const key = ids.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the ids shown, serialized.
  useEffect(() => {
    feed.current?.watch(ids);
  }, [key, token]);

  return useMemo(() => hits.map((hit) => withUpdates(hit, updates.get(hit.id))), [hits, updates]);
}
