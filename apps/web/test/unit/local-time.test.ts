import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatetimeLocal, toDatetimeLocal, toIsoWithOffset } from "../../src/domain/local-time";

const zone = process.env.TZ;
afterAll(() => {
  process.env.TZ = zone;
});

describe("datetime-local in the person's time zone", () => {
  beforeAll(() => {
    process.env.TZ = "Asia/Kolkata"; // UTC+05:30: a half-hour offset
  });

  it("shows an instant as local wall-clock time, to the minute", () => {
    expect(toDatetimeLocal(Date.parse("2026-11-24T19:00:59.999Z"))).toBe("2026-11-25T00:30");
  });

  it("shows a stored time exactly, when asked, so that it reads back as the same instant", () => {
    const ms = Date.parse("2026-11-24T19:00:15.250Z");
    expect(toDatetimeLocal(ms, true)).toBe("2026-11-25T00:30:15.250");
    expect(parseDatetimeLocal(toDatetimeLocal(ms, true))).toBe(ms);
    expect(toDatetimeLocal(Date.parse("2026-11-24T19:00:15Z"), true)).toBe("2026-11-25T00:30:15");
    expect(toDatetimeLocal(Date.parse("2026-11-24T19:00:00Z"), true)).toBe("2026-11-25T00:30");
  });

  it("reads what the input holds as local time", () => {
    expect(parseDatetimeLocal("2026-11-25T00:30")).toBe(Date.parse("2026-11-24T19:00:00Z"));
    expect(parseDatetimeLocal("2026-11-25T00:30:15")).toBe(Date.parse("2026-11-24T19:00:15Z"));
    expect(parseDatetimeLocal("2026-02-30T10:00")).toBeUndefined();
    expect(parseDatetimeLocal("tomorrow")).toBeUndefined();
    expect(parseDatetimeLocal("")).toBeUndefined();
  });

  it("writes ISO 8601 with the local offset, the same instant", () => {
    const ms = Date.parse("2026-11-24T19:00:00Z");
    expect(toIsoWithOffset(ms)).toBe("2026-11-25T00:30:00.000+05:30");
    expect(Date.parse(toIsoWithOffset(ms))).toBe(ms);
  });

  it("a west-of-UTC zone, across a daylight-saving change", () => {
    process.env.TZ = "America/New_York";
    expect(toIsoWithOffset(Date.parse("2026-07-01T16:00:00Z"))).toBe("2026-07-01T12:00:00.000-04:00");
    expect(toIsoWithOffset(Date.parse("2026-11-24T16:00:00Z"))).toBe("2026-11-24T11:00:00.000-05:00");
    const back = parseDatetimeLocal(toDatetimeLocal(Date.parse("2026-07-01T16:00:00Z")));
    expect(back).toBe(Date.parse("2026-07-01T16:00:00Z"));
  });
});
