import { defineConfig } from "vitest/config";

// Browser tests against one real mesh (started once in global setup): one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
