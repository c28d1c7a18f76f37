import type { PlaceBidResult } from "@auction-mesh/contracts";
import { type ActorState, read } from "./actor-state.js";
import { AnswerBook, appendToChunks } from "./domain/answer-book.js";

/** `answers-<i>` chunks of CHUNK entries, and their count under META_KEY. */
const META_KEY = "answers-meta";
const chunkKey = (index: number) => `answers-${index}`;
const CHUNK = 128;
type AnswerEntry = [string, PlaceBidResult];

/**
 * Persists an auction's AnswerBook (the first answer to every idempotency key) in actor state,
 * append-only, in fixed chunks: a turn writes only the chunk its new answers land in, however
 * many answers the auction has given. Read once per activation.
 */
export class AnswerStore {
  private book: AnswerBook | undefined;
  private count = 0;

  constructor(private readonly state: ActorState) {}

  async load(): Promise<AnswerBook> {
    if (this.book) return this.book;
    const count = (await read<{ count?: number }>(this.state, META_KEY, {})).count ?? 0;
    const entries: AnswerEntry[] = [];
    for (let i = 0; i * CHUNK < count; i++) entries.push(...(await read<AnswerEntry[]>(this.state, chunkKey(i), [])));
    this.count = count;
    this.book = AnswerBook.of(entries);
    return this.book;
  }

  /** Stages the answers recorded since the last save into the chunks they land in. */
  async stage(): Promise<void> {
    const added = this.book?.takeUnsaved() ?? [];
    if (added.length === 0) return;
    const last = this.count % CHUNK === 0 ? [] : await read<AnswerEntry[]>(this.state, chunkKey(Math.floor(this.count / CHUNK)), []);
    for (const chunk of appendToChunks(this.count, last, added, CHUNK)) await this.state.setState(chunkKey(chunk.index), chunk.entries);
    this.count += added.length;
    await this.state.setState(META_KEY, { count: this.count });
  }

  /** After a failed save: what was not saved must not answer a retry, so read again next turn. */
  forget(): void {
    this.book = undefined;
  }
}
