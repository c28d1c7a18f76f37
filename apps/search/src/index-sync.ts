import type { DocumentStore } from "./document-store.js";
import type { SearchIndex } from "./engines/engine.js";

const BATCH = 500;

/**
 * Sends the projection's changes to Meilisearch (the documents whose version it has not seen),
 * a batch per call: what changes while Meilisearch is down waits in PostgreSQL and goes out
 * when it is back. Run by a DrainLoop (woken by each change, backing off while it fails).
 * Answers whether a full batch went (more may wait).
 */
export function indexSync(store: DocumentStore, index: SearchIndex): () => Promise<boolean> {
  return async () => {
    const waiting = await store.unindexed(BATCH);
    if (waiting.length === 0) return false;
    await index.upsert(waiting.map((w) => w.doc));
    await store.markIndexed(waiting.map((w) => ({ id: w.doc.id, version: w.version })));
    return waiting.length === BATCH;
  };
}
