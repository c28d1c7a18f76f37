import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files whose mesh embeds Jaeger run last: on a cold machine `npm test` builds Jaeger at idle
 * priority beside the tests (.ci/test-all.sh), and every file before these gives it time to finish.
 */
const AFTER_THE_REST = ["observability.test.ts"];

class JaegerLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => AFTER_THE_REST.some((name) => f.moduleId.endsWith(`/${name}`));
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

// Integration tests start real processes on fixed ports: one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    sequence: { sequencer: JaegerLast },
  },
});
