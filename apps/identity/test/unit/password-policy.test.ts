import { describe, expect, it } from "vitest";
import { judgePassword, MIN_PASSWORD_LENGTH } from "../../src/domain/password-policy.js";

describe("judgePassword", () => {
  it.each([
    ["too short", "Xk9#q2", /at least 10/],
    ["a common password", "password1234", /common|guess/i],
    ["a keyboard walk", "qwertyuiop123", /guess|pattern|common/i],
    ["a repeated character", "aaaaaaaaaaaaaa", /repeat|guess/i],
  ])("refuses %s with a reason", (_, password, warning) => {
    const verdict = judgePassword(password, []);
    expect(verdict.ok).toBe(false);
    expect(verdict.warning).toMatch(warning);
    expect(verdict.suggestions.length).toBeGreaterThan(0);
  });

  it("refuses a password built from the user's own e-mail", () => {
    expect(judgePassword("margarethamilton1936", ["margaret.hamilton1936@example.com"]).ok).toBe(false);
    expect(judgePassword("margarethamilton1936", []).ok).toBe(true);
  });

  it("accepts a long passphrase of unrelated words", () => {
    expect(judgePassword("violet tram orbit pickle", [])).toEqual({ ok: true, warning: "", suggestions: [] });
  });

  it("counts the minimum length in characters", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(judgePassword("ab#4Kp9$z", []).warning).toMatch(/at least 10/);
  });
});
