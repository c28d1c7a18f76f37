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
 * without publishing the same message at once), publishes them, and deletes them in the same
 * transaction; a failed publish rolls back and keeps them.
 */
export class PrismaOutbox {
  constructor(private readonly db: OutboxDatabase) {}

  drain(limit: number, publish: (messages: StoredOutboxMessage[]) => Promise<void>): Promise<number> {
    return this.db.$transaction(
      async (tx) => {
        const messages = await tx.$queryRaw<StoredOutboxMessage[]>`
          SELECT "id", "topic", "payload" FROM "outbox" ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        if (messages.length === 0) return 0;
        await publish(messages);
        const ids = messages.map((m) => m.id.toString());
        await tx.$executeRaw`DELETE FROM "outbox" WHERE "id" = ANY(${ids}::bigint[])`;
        return messages.length;
      },
      // Publishing a batch through the sidecar takes longer than Prisma's 5 s default allows under load.
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}
