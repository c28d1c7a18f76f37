import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { type RunnerState, readRunnerState, writeRunnerState } from "../../src/runner-state.js";

const state: RunnerState = {
  pid: 4242,
  startedAt: "2026-11-28T00:00:00.000Z",
  profile: "default",
  dashboardUrl: "http://127.0.0.1:7070/",
  processes: Array.from({ length: 30 }, (_, i) => ({ name: `process-${i}`, pid: 1000 + i })),
};

describe("the runner's state file", () => {
  it("is never seen half written: `down` in another shell reads it while the runner rewrites it every second", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "runner-state-")), "runner.json");
    writeRunnerState(file, state);
    // The runner's rewrites, in another thread, as fast as they go.
    const module = resolve(import.meta.dirname, "../../dist/runner-state.js");
    const writer = new Worker(
      `const { writeRunnerState } = await import(${JSON.stringify(module)});
       const { workerData, parentPort } = await import("node:worker_threads");
       for (let i = 0; i < 3000; i++) writeRunnerState(workerData.file, workerData.state);
       parentPort.postMessage("done");`,
      { eval: true, workerData: { file, state } },
    );
    let done = false;
    writer.once("message", () => {
      done = true;
    });
    let reads = 0;
    let missed = 0;
    while (!done) {
      if (readRunnerState(file) === undefined) missed++;
      reads++;
      if (reads % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    await writer.terminate();
    expect(reads).toBeGreaterThan(100);
    expect(missed).toBe(0);
  }, 30_000);
});
