import type { PlaceBidResult } from "@auction-mesh/contracts";

/**
 * The first answer given to each idempotency key, so a retried bid is answered the same and
 * never counts twice. Kept apart from the auction's state on purpose: that state is written
 * on every turn, and carrying every answer ever given made each write grow with the auction
 * (a hot auction's state reached 730 KB, rewritten per batch). The book is append-only and
 * hands out what is new since the last save, so it is persisted in fixed-size chunks.
 */
export class AnswerBook {
  private readonly answers = new Map<string, PlaceBidResult>();
  private unsaved: [string, PlaceBidResult][] = [];

  static of(entries: Iterable<[string, PlaceBidResult]>): AnswerBook {
    const book = new AnswerBook();
    for (const [key, answer] of entries) book.answers.set(key, answer);
    return book;
  }

  get size(): number {
    return this.answers.size;
  }

  get(key: string): PlaceBidResult | undefined {
    return this.answers.get(key);
  }

  /** Keeps the first answer only: recording a key twice is a no-op. */
  record(key: string, answer: PlaceBidResult): void {
    if (this.answers.has(key)) return;
    this.answers.set(key, answer);
    this.unsaved.push([key, answer]);
  }

  /** Answers recorded since the last call, oldest first. */
  takeUnsaved(): [string, PlaceBidResult][] {
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
