import { activeContext, type Context, runInContext } from "./trace.js";

/**
 * Group commit for hot keys. Items submitted for one key while a flush for that key is in
 * flight wait and go together in the next flush, so a hot auction pays one actor turn (one
 * state write) per batch instead of per bid. With no contention a batch holds one item and
 * nothing waits: there is no timer, so batching adds no latency of its own.
 */
export class Batcher<K, In, Out> {
  private readonly queues = new Map<K, { item: In; context: Context; resolve: (o: Out) => void; reject: (e: unknown) => void }[]>();
  private readonly inFlight = new Set<K>();

  constructor(
    /** Handles one batch; must answer with one result per item, in order. */
    private readonly flush: (key: K, items: In[]) => Promise<Out[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(key: K, item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      queue.push({ item, context: activeContext(), resolve, reject });
      this.queues.set(key, queue);
      if (!this.inFlight.has(key)) void this.drain(key);
    });
  }

  private async drain(key: K): Promise<void> {
    this.inFlight.add(key);
    try {
      for (;;) {
        const queue = this.queues.get(key);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, this.maxBatch);
        if (queue.length === 0) this.queues.delete(key);
        try {
          // The batch travels in its first item's trace; the others' traces end at their wait.
          const first = batch[0] as (typeof batch)[number];
          const results = await runInContext(first.context, () =>
            this.flush(
              key,
              batch.map((b) => b.item),
            ),
          );
          if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered with ${results.length} results`);
          for (const [i, b] of batch.entries()) b.resolve(results[i] as Out);
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.inFlight.delete(key);
    }
  }
}
