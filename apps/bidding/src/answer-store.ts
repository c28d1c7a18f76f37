import { type ActorState, read } from "./actor-state.js";
import { AnswerBook, type AnswerEntry, appendToChunks, expiredChunks } from "./domain/answer-book.js";

/** `answers-<i>` chunks of CHUNK entries; META_KEY holds how many were ever written and the oldest kept chunk. */
const META_KEY = "answers-meta";
const chunkKey = (index: number) => `answers-${index}`;
const CHUNK = 128;
interface Meta {
  count?: number;
  first?: number;
}
/** How long answers are kept, and how many at most (the newest). */
export interface AnswerRetention {
  ms: number;
  maxKept: number;
}

/** Entries written before answers carried their time have two fields. */
type StoredEntry = AnswerEntry | [AnswerEntry[0], AnswerEntry[1]];

/**
 * Persists an auction's AnswerBook (the first answer to every idempotency key) in actor state,
 * append-only, in fixed chunks: a turn writes only the chunk its new answers land in, however
 * many answers the auction has given. Chunks whose answers are all older than the retention
 * window, or beyond the newest `maxKept`, are deleted in the same transaction, so memory and
 * state stay bounded however long and busy the auction is. Read once per activation.
 */
export class AnswerStore {
  private book: AnswerBook | undefined;
  private count = 0;
  private first = 0;
  /** The time of the newest answer in each kept chunk. */
  private readonly newest = new Map<number, number>();

  constructor(
    private readonly state: ActorState,
    private readonly retention: AnswerRetention,
  ) {}

  async load(now: number): Promise<AnswerBook> {
    if (this.book) return this.book;
    const meta = await read<Meta>(this.state, META_KEY, {});
    this.count = meta.count ?? 0;
    this.first = meta.first ?? 0;
    this.newest.clear();
    const entries: AnswerEntry[] = [];
    for (let i = this.first; i * CHUNK < this.count; i++) {
      // Undated answers (saved before the window existed) are kept one window from now.
      const chunk = (await read<StoredEntry[]>(this.state, chunkKey(i), [])).map(
        ([key, answer, at]): AnswerEntry => [key, answer, at ?? now],
      );
      const last = chunk.at(-1);
      if (last) this.newest.set(i, last[2]);
      entries.push(...chunk);
    }
    this.book = AnswerBook.of(entries);
    this.prune(this.book, now);
    return this.book;
  }

  /** Stages the answers recorded since the last save, and the deletion of chunks past the window. */
  async stage(now: number): Promise<void> {
    const added = this.book?.takeUnsaved() ?? [];
    if (added.length === 0) return;
    const last = this.count % CHUNK === 0 ? [] : await read<AnswerEntry[]>(this.state, chunkKey(Math.floor(this.count / CHUNK)), []);
    for (const chunk of appendToChunks(this.count, last, added, CHUNK)) {
      await this.state.setState(chunkKey(chunk.index), chunk.entries);
      this.newest.set(chunk.index, (chunk.entries.at(-1) as AnswerEntry)[2]);
    }
    this.count += added.length;
    const window = { first: this.first, last: Math.floor((this.count - 1) / CHUNK), count: this.count, size: CHUNK };
    const expired = expiredChunks(window, (i) => this.newest.get(i), now - this.retention.ms, this.retention.maxKept);
    for (const index of expired) {
      await this.state.tryRemoveState(chunkKey(index));
      this.newest.delete(index);
    }
    this.first += expired.length;
    if (this.book) this.prune(this.book, now);
    await this.state.setState(META_KEY, { count: this.count, first: this.first } satisfies Meta);
  }

  /** Forgets, in memory, what the window no longer keeps. */
  private prune(book: AnswerBook, now: number): void {
    book.forgetBefore(now - this.retention.ms);
    book.keepNewest(this.retention.maxKept);
  }

  /** After a failed save: what was not saved must not answer a retry, so read again next turn. */
  forget(): void {
    this.book = undefined;
  }
}
