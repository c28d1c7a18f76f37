import { defineConfig } from "vitest/config";

// Integration tests start real processes on fixed ports: one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
