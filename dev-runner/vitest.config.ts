import { defineConfig } from "vitest/config";

// A bare `npx vitest run` here runs the unit tests only: the integration tests start whole meshes
// on fixed ports and run through `npm run test:integration` (vitest.integration.config.ts).
export default defineConfig({
  test: {
    dir: "test/unit",
  },
});
