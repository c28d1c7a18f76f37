import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ensureDatabase } from "./database-url.js";

/** A migration folder as Prisma lays it out: prisma/migrations/<name>/migration.sql. */
export interface Migration {
  name: string;
  sql: string;
  /** What Prisma records: the SHA-256 of the script, hex. */
  checksum: string;
}

export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) throw new Error(`no migrations folder at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(migrationsDir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`${file}: missing (every migration folder needs its migration.sql)`);
      const sql = readFileSync(file, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Prisma's own bookkeeping table, so `prisma migrate deploy` on a normal machine agrees with us. */
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** One key for every migrator of every service: migrations of one database never interleave. */
const LOCK_KEY = 72_656_115;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the migrations the database has not had yet, each in its own transaction with its
 * bookkeeping row, under an advisory lock (replicas and test runs start together). Refuses
 * to run when an applied migration's file was edited since: that is drift, not a new step.
 */
export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
  progress: (message: string) => void = () => {},
): Promise<MigrateResult> {
  const migrations = readMigrations(migrationsDir);
  if (await ensureDatabase(databaseUrl)) progress(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(BOOKKEEPING);
    const rows = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
    const failed = rows.rows.find((r) => !r.finished_at);
    if (failed)
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it rolled back`,
      );
    for (const [name, checksum] of done) {
      const local = migrations.find((m) => m.name === name);
      if (!local) throw new MigrationError(`the database has migration ${name}, which is not in ${migrationsDir}`);
      if (local.checksum !== checksum)
        throw new MigrationError(`migration ${name} was edited after it was applied (checksum differs); add a new migration instead`);
    }
    const pending = migrations.filter((m) => !done.has(m.name));
    for (const [i, migration] of pending.entries()) {
      progress(`applying migration ${i + 1}/${pending.length}: ${migration.name}`);
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`migration ${migration.name} failed: ${(err as Error).message}`);
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: done.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
