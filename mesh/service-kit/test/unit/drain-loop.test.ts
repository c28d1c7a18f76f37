import { describe, expect, it } from "vitest";
import { createLogger, DrainLoop, type OutboxMessage, outboxRelay } from "../../src/index.js";

const silent = createLogger("test", "silent");
const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("DrainLoop", () => {
  it("drains again at once while batches are full, then waits; wake() drains before the idle wait ends", async () => {
    const waiting = [3, 0];
    let calls = 0;
    const loop = new DrainLoop(
      "test",
      async () => {
        calls++;
        const full = (waiting.shift() ?? 0) > 0;
        return full;
      },
      silent,
      { idleMs: 60_000 },
    );
    loop.start();
    await until(() => calls === 2);
    loop.wake();
    await until(() => calls === 3);
    await loop.stop();
  });

  it("keeps trying after failures and recovers", async () => {
    let calls = 0;
    let ok = 0;
    const loop = new DrainLoop(
      "test",
      async () => {
        calls++;
        if (calls <= 2) throw new Error("broker down");
        ok++;
        return false;
      },
      silent,
      { idleMs: 10, maxBackoffMs: 20 },
    );
    loop.start();
    await until(() => ok >= 1);
    await loop.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
  });
});

describe("outboxRelay", () => {
  it("publishes each stored message in order; a failed publish keeps it for the next attempt", async () => {
    const table: OutboxMessage[] = [1, 2, 3].map((n) => ({ id: BigInt(n), topic: "t", payload: { n } }));
    const published: unknown[] = [];
    let fail = true;
    const store = {
      async drain(limit: number, publish: (m: OutboxMessage) => Promise<void>) {
        let sent = 0;
        for (const m of table.slice(0, limit)) {
          await publish(m); // throws: this one and the rest stay
          sent++;
        }
        table.splice(0, sent);
        return sent;
      },
    };
    const relay = outboxRelay(
      store,
      async (_topic, payload) => {
        if (fail) {
          fail = false;
          throw new Error("sidecar away");
        }
        published.push(payload);
      },
      silent,
      { idleMs: 10, maxBackoffMs: 20 },
    );
    relay.start();
    await until(() => table.length === 0);
    await relay.stop();
    // The first attempt failed before anything was published; all three went out after, once each.
    expect(published).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});

describe("DrainLoop wake-ups", () => {
  it("drains again at once when woken during a drain (a commit it did not see)", async () => {
    let calls = 0;
    let loop: DrainLoop | undefined;
    loop = new DrainLoop(
      "test",
      async () => {
        calls++;
        if (calls === 1) loop?.wake(); // a commit lands while this drain runs
        return false;
      },
      silent,
      { idleMs: 60_000 },
    );
    loop.start();
    await until(() => calls === 2, 1_000);
    await loop.stop();
  });
});
