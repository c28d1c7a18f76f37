/**
 * The recent events of each auction the gateway has seen, kept in sequence order. Pub/sub
 * may redeliver or reorder; the feed keeps one copy per sequence number, so watchers and
 * late joiners ("what happened after sequence N?") get an exact, ordered list.
 * Pure data structure: no Socket.IO, no Dapr.
 */
export interface SequencedEvent {
  auctionId: string;
  sequence: number;
}

export class LiveFeed<E extends SequencedEvent> {
  private readonly feeds = new Map<string, E[]>();

  constructor(private readonly perAuction = 1000) {}

  /** Adds an event; returns false when that sequence was already recorded (a redelivery). */
  record(event: E): boolean {
    const feed = this.feeds.get(event.auctionId) ?? [];
    let index = feed.length;
    while (index > 0 && (feed[index - 1] as E).sequence > event.sequence) index--;
    if (index > 0 && (feed[index - 1] as E).sequence === event.sequence) return false;
    feed.splice(index, 0, event);
    if (feed.length > this.perAuction) feed.splice(0, feed.length - this.perAuction);
    this.feeds.set(event.auctionId, feed);
    return true;
  }

  /**
   * Whether `since(auctionId, after)` is known to be complete: the feed holds the event right
   * after `after` (or has seen events up to it) and every later one, without a hole. False when
   * the feed never saw the auction, has already dropped what came next, or never received some
   * events (a restarted sidecar's new subscription starts at new messages): the caller needs a
   * snapshot.
   */
  coversAfter(auctionId: string, after: number): boolean {
    const feed = this.feeds.get(auctionId);
    const first = feed?.[0];
    if (!feed || first === undefined || first.sequence > after + 1) return false;
    let expected = after + 1;
    for (const event of feed) {
      if (event.sequence <= after) continue;
      if (event.sequence !== expected) return false;
      expected++;
    }
    return true;
  }

  /** Events with a sequence greater than `after`, oldest first. */
  since(auctionId: string, after = 0): E[] {
    return (this.feeds.get(auctionId) ?? []).filter((e) => e.sequence > after);
  }
}
