import { describe, expect, it } from "vitest";
import { describeCountdown, formatCountdown, isEndingSoon, remainingMs } from "../../src/domain/countdown";
import { clockOffset, ServerClock } from "../../src/domain/server-clock";

describe("countdown on the server's clock", () => {
  const endsAt = "2026-11-24T19:00:00.000Z";
  const end = Date.parse(endsAt);

  it("counts against server time, so a browser clock that is 5 minutes fast shows the true remaining time", () => {
    const clock = new ServerClock();
    const browserNow = end - 60_000 + 5 * 60_000; // the browser thinks the auction ended 4 minutes ago
    // The server said 18:59:00 for a request sent and answered within 100 ms of browserNow.
    clock.observe(new Date(end - 60_000).toISOString(), browserNow - 50, browserNow + 50);
    expect(clock.offsetMs).toBe(-5 * 60_000);
    expect(remainingMs(endsAt, clock.now(browserNow))).toBe(60_000);
    expect(formatCountdown(remainingMs(endsAt, clock.now(browserNow)))).toBe("01:00");
  });

  it("estimates the offset from the middle of the round trip", () => {
    expect(clockOffset("2026-11-24T19:00:10.000Z", end, end + 400)).toBe(10_000 - 200);
    expect(clockOffset("not a time", end, end)).toBe(0);
  });

  it("ignores a measurement whose round trip is much noisier than the best one", () => {
    const clock = new ServerClock();
    clock.observe(new Date(end).toISOString(), end - 20, end + 20);
    clock.observe(new Date(end + 9000).toISOString(), end - 2000, end + 2000);
    expect(clock.offsetMs).toBe(0);
    clock.observe(new Date(end + 1000).toISOString(), end - 10, end + 10);
    expect(clock.offsetMs).toBe(1000);
  });

  it("notifies subscribers when the offset changes", () => {
    const clock = new ServerClock();
    let calls = 0;
    const stop = clock.subscribe(() => calls++);
    clock.observe(new Date(end).toISOString(), end, end);
    stop();
    clock.observe(new Date(end).toISOString(), end, end);
    expect(calls).toBe(1);
  });

  it("never goes below zero", () => {
    expect(remainingMs(endsAt, end + 5000)).toBe(0);
    expect(formatCountdown(0)).toBe("00:00");
  });

  it("formats minutes, hours and days, rounding seconds up", () => {
    expect(formatCountdown(59_001)).toBe("01:00");
    expect(formatCountdown(9_000)).toBe("00:09");
    expect(formatCountdown(3_723_000)).toBe("1:02:03");
    expect(formatCountdown(2 * 86_400_000 + 3_723_000)).toBe("2d 01:02:03");
  });

  it("describes the time in words for screen readers", () => {
    expect(describeCountdown(3_723_000)).toBe("1 hour 2 minutes 3 seconds");
    expect(describeCountdown(61_000)).toBe("1 minute 1 second");
    expect(describeCountdown(0)).toBe("no time");
  });

  it("is urgent in the last minute only", () => {
    expect(isEndingSoon(60_000)).toBe(true);
    expect(isEndingSoon(60_001)).toBe(false);
    expect(isEndingSoon(0)).toBe(false);
  });
});
