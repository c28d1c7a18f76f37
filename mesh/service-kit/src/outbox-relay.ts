import { DrainLoop, type DrainLoopOptions } from "./drain-loop.js";
import type { Logger } from "./logger.js";

/** One message waiting in a service's outbox table. */
export interface OutboxMessage {
  id: bigint;
  topic: string;
  payload: unknown;
}

/** Where a service keeps what it has promised to publish (its own database, same transactions). */
export interface OutboxStore {
  /**
   * Hands the oldest waiting messages (at most `limit`) to `publish`, one by one, and deletes
   * each one it took; a rejection keeps that one and the rest. Answers how many went out.
   */
  drain(limit: number, publish: (message: OutboxMessage) => Promise<void>): Promise<number>;
}

const BATCH = 100;

/**
 * Publishes what a service's transactions staged in its outbox table, so a state change and
 * the event that announces it are one commit: never a change without its event (a crash after
 * the commit leaves the event waiting there), never an event without its change. At least once:
 * a crash between publishing and deleting publishes again, so every event carries an id its
 * consumers keep. `wake()` after a commit that staged something.
 */
export function outboxRelay(
  store: OutboxStore,
  publish: (topic: string, payload: unknown) => Promise<void>,
  logger: Logger,
  options: DrainLoopOptions = {},
): DrainLoop {
  const drainOnce = async () => {
    const handed = await store.drain(BATCH, (m) => publish(m.topic, m.payload));
    return handed === BATCH;
  };
  return new DrainLoop("outbox", drainOnce, logger, options);
}
