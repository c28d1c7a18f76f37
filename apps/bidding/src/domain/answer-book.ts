import type { PlaceBidResult } from "@auction-mesh/contracts";

/** One remembered answer: the book's key, the answer, and when it was given (epoch ms). */
export type AnswerEntry = [key: string, answer: PlaceBidResult, at: number];

/**
 * The first answer given to each idempotency key, so a retried bid is answered the same and
 * never counts twice. Kept apart from the auction's state on purpose: that state is written
 * on every turn, and carrying every answer ever given made each write grow with the auction
 * (a hot auction's state reached 730 KB, rewritten per batch). The book is append-only and
 * hands out what is new since the last save, so it is persisted in fixed-size chunks.
 *
 * Answers are kept for a retention window, not forever: a book that kept all of them grew
 * without bound in memory and in state (a million bids, a million answers, each actor
 * activation reading them all back). The window is a time (minutes) capped by a count, so a
 * very hot auction keeps its newest answers only (at 1,400 bids/s, 100,000 answers are 70 s).
 * A retry after the window is judged as a new bid, and that never counts twice: prices only
 * rise, so an amount once accepted is below the minimum next bid by then and is refused, and a
 * leader cannot bid against themselves.
 */
export class AnswerBook {
  /** Insertion order is time order: forgetting walks from the front. */
  private readonly answers = new Map<string, { answer: PlaceBidResult; at: number }>();
  private unsaved: AnswerEntry[] = [];

  static of(entries: Iterable<AnswerEntry>): AnswerBook {
    const book = new AnswerBook();
    for (const [key, answer, at] of entries) book.answers.set(key, { answer, at });
    return book;
  }

  get size(): number {
    return this.answers.size;
  }

  /** Whether answers were recorded since the last takeUnsaved. */
  get hasUnsaved(): boolean {
    return this.unsaved.length > 0;
  }

  get(key: string): PlaceBidResult | undefined {
    return this.answers.get(key)?.answer;
  }

  /** Keeps the first answer only: recording a key twice is a no-op. */
  record(key: string, answer: PlaceBidResult, at: number): void {
    if (this.answers.has(key)) return;
    this.answers.set(key, { answer, at });
    this.unsaved.push([key, answer, at]);
  }

  /** Forgets answers given before `since` (epoch ms); answers how many it forgot. */
  forgetBefore(since: number): number {
    return this.forgetOldestWhile((at) => at < since);
  }

  /** Forgets the oldest answers beyond the newest `max`; answers how many it forgot. */
  keepNewest(max: number): number {
    return this.forgetOldestWhile(() => this.answers.size > max);
  }

  /** Forgets answers oldest first (insertion order is time order) while `more` says so. */
  private forgetOldestWhile(more: (at: number) => boolean): number {
    let forgotten = 0;
    for (const [key, kept] of this.answers) {
      if (!more(kept.at)) break;
      this.answers.delete(key);
      forgotten++;
    }
    return forgotten;
  }

  /** Answers recorded since the last call, oldest first. */
  takeUnsaved(): AnswerEntry[] {
    const taken = this.unsaved;
    this.unsaved = [];
    return taken;
  }
}

/**
 * Lays new entries after `count` existing ones into chunks of `size`: which chunk indexes
 * change and what each must hold (the existing tail of the last chunk plus the new entries).
 */
export function appendToChunks<T>(count: number, lastChunk: T[], added: T[], size: number): { index: number; entries: T[] }[] {
  const changed: { index: number; entries: T[] }[] = [];
  let index = Math.floor(count / size);
  let current = count % size === 0 ? [] : [...lastChunk];
  for (const entry of added) {
    if (current.length === size) {
      changed.push({ index, entries: current });
      index++;
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) changed.push({ index, entries: current });
  return changed;
}

/** Where an answer book's persisted chunks stand: chunks `first`..`last` hold `count - first × size` answers. */
export interface ChunkWindow {
  first: number;
  last: number;
  count: number;
  size: number;
}

/**
 * The chunks (oldest first) that may be deleted: those whose answers were all given before
 * `since` (`newestAt` gives a chunk's newest answer time), and then as many as keep the answers
 * after them at `maxKept` or more. The chunk being written (`last`) always stays, so appending
 * never needs a deleted chunk back.
 */
export function expiredChunks(
  window: ChunkWindow,
  newestAt: (index: number) => number | undefined,
  since: number,
  maxKept: number,
): number[] {
  const expired: number[] = [];
  for (let index = window.first; index < window.last; index++) {
    const newest = newestAt(index);
    const stale = newest === undefined || newest < since;
    const keptAfter = window.count - (index + 1) * window.size;
    if (!stale && keptAfter < maxKept) break;
    expired.push(index);
  }
  return expired;
}
