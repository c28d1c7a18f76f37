import { describe, expect, it } from "vitest";
import { HashQueue, Overloaded } from "../../src/domain/hash-queue.js";

/** A hash that finishes when the test says so, on a clock the test moves. */
function harness(options: { maxWaitMs: number; concurrency: number; initialEstimateMs: number; smoothing?: number }) {
  let now = 0;
  const queue = new HashQueue({ ...options, now: () => now });
  const pending: Array<() => void> = [];
  const submit = () => {
    const outcome = queue.run(() => new Promise<string>((resolve) => pending.push(() => resolve("hash"))));
    outcome.catch(() => {});
    return outcome;
  };
  /** Finishes the oldest started hash after `ms` of (fake) time. */
  const finishOne = async (ms: number) => {
    await new Promise((r) => setImmediate(r));
    now += ms;
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { queue, submit, finishOne, pending };
}

describe("HashQueue admission", () => {
  it("admits while the queue would finish within the bound, then refuses with Overloaded", async () => {
    // 2 at once, 100 ms each, 450 ms bound: the 1st..4th finish by 200 ms, 5th..8th by 400 ms, the 9th at 500 ms.
    const { submit } = harness({ maxWaitMs: 450, concurrency: 2, initialEstimateMs: 100 });
    const admitted = Array.from({ length: 8 }, submit);
    const refused = submit();
    await expect(refused).rejects.toBeInstanceOf(Overloaded);
    await expect(refused).rejects.toMatchObject({ estimatedWaitMs: 500 });
    expect(admitted).toHaveLength(8);
  });

  it("says when to come back: the time the queue ahead needs to drain, in whole seconds, at least 1", async () => {
    const { submit } = harness({ maxWaitMs: 4000, concurrency: 2, initialEstimateMs: 1000 });
    for (let i = 0; i < 8; i++) submit();
    // 8 ahead on 2 workers at 1 s each: 4 s to drain.
    await expect(submit()).rejects.toMatchObject({ retryAfterSeconds: 4 });
    const quick = harness({ maxWaitMs: 10, concurrency: 1, initialEstimateMs: 30 });
    quick.submit();
    await expect(quick.submit()).rejects.toMatchObject({ retryAfterSeconds: 1 });
  });

  it("runs no more than `concurrency` hashes at once and starts the next when one ends", async () => {
    const { submit, finishOne, pending, queue } = harness({ maxWaitMs: 10_000, concurrency: 2, initialEstimateMs: 10 });
    const results = Array.from({ length: 5 }, submit);
    await new Promise((r) => setImmediate(r));
    expect(pending).toHaveLength(2);
    expect(queue.load()).toMatchObject({ running: 2, waiting: 3 });
    await finishOne(10);
    expect(pending).toHaveLength(2);
    expect(queue.load()).toMatchObject({ running: 2, waiting: 2 });
    for (let i = 0; i < 4; i++) await finishOne(10);
    await expect(Promise.all(results)).resolves.toEqual(["hash", "hash", "hash", "hash", "hash"]);
    expect(queue.load()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("learns the hash time from what it measures (moving average), so a slower machine sheds sooner", async () => {
    const { submit, finishOne, queue } = harness({ maxWaitMs: 1000, concurrency: 1, initialEstimateMs: 100, smoothing: 0.5 });
    const first = submit();
    await finishOne(300);
    await first;
    expect(queue.load().averageMs).toBe(200);
    const second = submit();
    await finishOne(600);
    await second;
    expect(queue.load().averageMs).toBe(400);
    // 400 ms a hash now: one waits (800 ms), a second would finish at 1200 ms > 1000 ms.
    submit();
    submit();
    await expect(submit()).rejects.toBeInstanceOf(Overloaded);
  });

  it("admits again once the queue has drained", async () => {
    const { submit, finishOne } = harness({ maxWaitMs: 250, concurrency: 1, initialEstimateMs: 100 });
    const a = submit();
    const b = submit();
    await expect(submit()).rejects.toBeInstanceOf(Overloaded);
    await finishOne(100);
    await finishOne(100);
    await Promise.all([a, b]);
    const c = submit();
    await finishOne(100);
    await expect(c).resolves.toBe("hash");
  });

  it("answers admit() as run() would, without queueing anything", async () => {
    const { submit, queue } = harness({ maxWaitMs: 250, concurrency: 1, initialEstimateMs: 100 });
    expect(() => queue.admit()).not.toThrow();
    submit();
    submit();
    expect(() => queue.admit()).toThrow(Overloaded);
    expect(queue.load()).toMatchObject({ running: 1, waiting: 1 });
  });

  it("always admits into an empty queue, so a slow start-up hash cannot make it refuse everyone for good", async () => {
    // The start-up hash took 2 s (a busy machine): over the bound, but refusing the only request
    // would never measure a faster hash again.
    const { submit, finishOne, queue } = harness({ maxWaitMs: 500, concurrency: 1, initialEstimateMs: 2000, smoothing: 0.5 });
    const lone = submit();
    await expect(submit()).rejects.toBeInstanceOf(Overloaded);
    await finishOne(100);
    await expect(lone).resolves.toBe("hash");
    expect(queue.load().averageMs).toBe(1050);
    const next = submit();
    await finishOne(100);
    await next;
    expect(queue.load().averageMs).toBe(575);
  });

  it("frees the slot when a hash fails", async () => {
    const queue = new HashQueue({ maxWaitMs: 1000, concurrency: 1, initialEstimateMs: 10 });
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run(async () => "ok")).resolves.toBe("ok");
    expect(queue.load()).toMatchObject({ running: 0, waiting: 0 });
  });
});
