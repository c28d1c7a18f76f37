/**
 * The outbox table a service keeps in its own database (see OutboxRelay in the service kit):
 *
 *   CREATE TABLE "outbox" ("id" BIGSERIAL PRIMARY KEY, "topic" TEXT NOT NULL,
 *                          "payload" JSONB NOT NULL, "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now());
 *
 * Written by the service's own transactions (a Prisma model mapped to "outbox"); drained here.
 */

/** What the drain needs of a Prisma client (any service's generated client has it). */
export interface OutboxSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}
export interface OutboxDatabase {
  $transaction<R>(fn: (tx: OutboxSql) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R>;
}

export interface StoredOutboxMessage {
  id: bigint;
  topic: string;
  payload: unknown;
}

/**
 * Takes the oldest waiting messages under row locks (SKIP LOCKED: replicas drain side by side
 * without publishing the same message at once), publishes them one by one, and deletes the
 * published ones in the same transaction. It stops early when publishing gets slow (`budgetMs`)
 * or fails after some went out, so the transaction always commits what was published well within
 * its timeout: a timed-out transaction would roll the deletes back and publish the batch again,
 * every time. A failure before anything went out rolls back and keeps them all.
 */
export class PrismaOutbox {
  constructor(
    private readonly db: OutboxDatabase,
    private readonly budgetMs = 20_000,
  ) {}

  drain(limit: number, publish: (message: StoredOutboxMessage) => Promise<void>): Promise<number> {
    return this.db.$transaction(
      async (tx) => {
        const messages = await tx.$queryRaw<StoredOutboxMessage[]>`
          SELECT "id", "topic", "payload" FROM "outbox" ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        const published: string[] = [];
        const started = Date.now();
        for (const message of messages) {
          if (published.length > 0 && Date.now() - started >= this.budgetMs) break;
          try {
            await publish(message);
          } catch (err) {
            if (published.length === 0) throw err;
            break; // keep what went out deleted; the rest waits for the next attempt
          }
          published.push(message.id.toString());
        }
        if (published.length > 0) await tx.$executeRaw`DELETE FROM "outbox" WHERE "id" = ANY(${published}::bigint[])`;
        return published.length;
      },
      // Longer than the budget plus one slow publish (daprd's 5 s timeout, retried).
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}
