/**
 * Every service's Prisma schema against its committed migrations, on this machine's real
 * PostgreSQL: the migrations, applied to an empty database, must build exactly what the
 * schema describes. Also proves the check and the migrator catch what they claim to.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { dropDatabase, migrate, schemaDrift, withDatabase } from "../../src/index.js";

const REPO = resolve(import.meta.dirname, "../../../..");
const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const services = readdirSync(join(REPO, "apps")).filter((name) => existsSync(join(REPO, "apps", name, "prisma/schema.prisma")));

const created: string[] = [];
function throwawayDatabase(): string {
  const url = withDatabase(SERVER, `drift_${process.pid}_${created.length}_${Date.now() % 100000}`);
  created.push(url);
  return url;
}
afterEach(async () => {
  for (const url of created.splice(0)) await dropDatabase(url);
});

function copyService(service: string): string {
  const dir = mkdtempSync(join(tmpdir(), `drift-${service}-`));
  cpSync(join(REPO, "apps", service, "prisma"), dir, { recursive: true });
  return dir;
}

describe("Prisma schema vs migrations", () => {
  it("finds the services that use Prisma", () => {
    expect(services).toEqual(expect.arrayContaining(["auctions", "identity"]));
  });

  it.each(services)("%s: the migrations build exactly what schema.prisma describes", async (service) => {
    const url = throwawayDatabase();
    const result = await migrate(url, join(REPO, "apps", service, "prisma/migrations"));
    expect(result.applied.length).toBeGreaterThan(0);
    expect(await schemaDrift(join(REPO, "apps", service, "prisma/schema.prisma"), url)).toEqual([]);
  });

  it("reports a column the schema has but the migrations never create", async () => {
    const dir = copyService("identity");
    const migration = join(dir, "migrations", readdirSync(join(dir, "migrations")).find((d) => d.match(/^\d/)) as string, "migration.sql");
    writeFileSync(migration, readFileSync(migration, "utf8").replace(/\s*"display_name" TEXT NOT NULL,/, ""));
    const url = throwawayDatabase();
    await migrate(url, join(dir, "migrations"));
    expect(await schemaDrift(join(dir, "schema.prisma"), url)).toEqual([
      "column users.display_name (User.displayName) is not created by the migrations",
    ]);
  });

  it("reports a changed type, nullability, a missing index and an extra table", async () => {
    const dir = copyService("auctions");
    const name = readdirSync(join(dir, "migrations")).find((d) => d.match(/^\d/)) as string;
    const migration = join(dir, "migrations", name, "migration.sql");
    writeFileSync(
      migration,
      `${readFileSync(migration, "utf8")
        .replace('"starting_price" BIGINT NOT NULL', '"starting_price" INTEGER NOT NULL')
        .replace('"winner_id" TEXT,', '"winner_id" TEXT NOT NULL,')
        .replace(/CREATE INDEX "auctions_seller_id_idx".*\n/, "")}\nCREATE TABLE "stray" ("id" INTEGER PRIMARY KEY);\n`,
    );
    const url = throwawayDatabase();
    await migrate(url, join(dir, "migrations"));
    expect(await schemaDrift(join(dir, "schema.prisma"), url)).toEqual(
      expect.arrayContaining([
        "column auctions.starting_price: schema says bigint, migrations made integer",
        "column auctions.winner_id: schema says nullable, migrations made it NOT NULL",
        "index normal auctions(seller_id) is in the schema but not created by the migrations",
        "table stray exists after the migrations but no model maps to it",
      ]),
    );
  });
});

describe("migrate", () => {
  it("creates the database, applies once, and records what Prisma records", async () => {
    const url = throwawayDatabase();
    const dir = join(REPO, "apps/identity/prisma/migrations");
    const count = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const progress: string[] = [];
    const first = await migrate(url, dir, (m) => progress.push(m));
    const second = await migrate(url, dir);
    expect(first.applied).toHaveLength(count);
    expect(progress.some((m) => m.startsWith(`applying migration ${count}/${count}`))).toBe(true);
    expect(second).toEqual({ applied: [], alreadyApplied: count });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
    await client.end();
    expect(rows.rows).toHaveLength(count);
    for (const row of rows.rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("applies concurrent starts once (replicas racing)", async () => {
    const url = throwawayDatabase();
    const dir = join(REPO, "apps/auctions/prisma/migrations");
    const count = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    // One start applies them all; the others find nothing left to do.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, count]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const dir = copyService("identity");
    const url = throwawayDatabase();
    await migrate(url, join(dir, "migrations"));
    const name = readdirSync(join(dir, "migrations")).find((d) => d.match(/^\d/)) as string;
    writeFileSync(join(dir, "migrations", name, "migration.sql"), "-- edited\n");
    await expect(migrate(url, join(dir, "migrations"))).rejects.toThrow(`migration ${name} was edited after it was applied`);
  });

  it("rolls back a failing migration and names it", async () => {
    const dir = copyService("identity");
    const broken = join(dir, "migrations", "29990101000000_broken");
    cpSync(join(dir, "migrations", readdirSync(join(dir, "migrations")).find((d) => d.match(/^\d/)) as string), broken, {
      recursive: true,
    });
    writeFileSync(join(broken, "migration.sql"), 'ALTER TABLE "users" ADD COLUMN "x" INTEGER;\nSELECT * FROM no_such_table;\n');
    const url = throwawayDatabase();
    await expect(migrate(url, join(dir, "migrations"))).rejects.toThrow(/migration 29990101000000_broken failed: .*no_such_table/);
    // The good one stayed applied; the broken one left nothing behind.
    expect(await schemaDrift(join(dir, "schema.prisma"), url)).toEqual([]);
  });
});
