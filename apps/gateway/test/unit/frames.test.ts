import { describe, expect, it } from "vitest";
import { type Clock, FrameCoalescer } from "../../src/domain/frames.js";

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const clock: Clock = { now: () => now, later: (ms, run) => timers.push({ at: now + ms, run }) };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.run();
  };
  return { clock, advance };
}

describe("FrameCoalescer", () => {
  it("sends a quiet room's first events at once, and a burst after it as one ordered frame per interval", () => {
    const { clock, advance } = manualClock();
    const sent: [string, number[]][] = [];
    const frames = new FrameCoalescer<number>(50, (room, frame) => sent.push([room, frame]), clock);
    frames.push("r1", [1]);
    advance(0);
    expect(sent).toEqual([["r1", [1]]]);
    frames.push("r1", [2, 3]);
    advance(10);
    frames.push("r1", [4]);
    advance(30);
    expect(sent).toHaveLength(1); // still inside the 50 ms after the first frame
    advance(10);
    expect(sent).toEqual([
      ["r1", [1]],
      ["r1", [2, 3, 4]],
    ]);
  });

  it("keeps rooms apart: one room's burst does not hold back another's events", () => {
    const { clock, advance } = manualClock();
    const sent: [string, number[]][] = [];
    const frames = new FrameCoalescer<number>(50, (room, frame) => sent.push([room, frame]), clock);
    frames.push("r1", [1]);
    advance(0);
    frames.push("r1", [2]);
    frames.push("r2", [7]);
    advance(0);
    expect(sent).toEqual([
      ["r1", [1]],
      ["r2", [7]],
    ]);
  });
});
