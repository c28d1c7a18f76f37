#!/usr/bin/env node
/**
 * `prisma generate` for a service (run from its folder by its build script). Prisma Client 7
 * needs no native engine, but the CLI still tries to download the schema engine first, which
 * this project's machines cannot do: unless the caller set PRISMA_SCHEMA_ENGINE_BINARY, point
 * it at a stand-in that explains itself if anything runs it.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const schema = resolve(process.argv[2] ?? "prisma/schema.prisma");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const standIn = resolve(import.meta.dirname, "../bin/no-schema-engine.sh");

const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
  stdio: ["ignore", "pipe", "inherit"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? standIn,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
if (result.status !== 0) {
  process.stdout.write(result.stdout);
  console.error(`prisma generate failed for ${join(schema)} (exit ${result.status})`);
  process.exit(result.status ?? 1);
}
