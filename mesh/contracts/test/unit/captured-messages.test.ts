import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TopicSchemas } from "../../src/index.js";

/**
 * Messages the real producers published on a mesh, as the Go service (apps/audit) recorded them
 * (refreshed by its integration test with AUDIT_CAPTURE_MESSAGES). Its Go tests check them
 * against the generated JSON Schemas; here zod, the source of those schemas, must take them too:
 * both languages agree on the same bytes.
 */
const dir = fileURLToPath(new URL("../../../../apps/audit/testdata/messages/", import.meta.url));
const captured = (topic: string) => (existsSync(join(dir, topic)) ? readdirSync(join(dir, topic)).filter((f) => f.endsWith(".json")) : []);

describe("messages captured from the real producers", () => {
  for (const topic of ["auction.events", "catalogue.lifecycle", "settlement.events"] as const) {
    it(`of ${topic} parse with its zod schema`, () => {
      const files = captured(topic);
      expect(files.length, `no captured messages of ${topic} in ${dir}`).toBeGreaterThan(0);
      for (const file of files) {
        const result = TopicSchemas[topic].safeParse(JSON.parse(readFileSync(join(dir, topic, file), "utf8")));
        expect(result.success, `${topic}/${file}: ${result.error?.message}`).toBe(true);
      }
    });
  }
});
