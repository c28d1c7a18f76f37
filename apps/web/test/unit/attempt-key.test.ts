import { describe, expect, it } from "vitest";
import { newAttemptKey, outcomeUnknown } from "../../src/api/attempt-key";
import { ApiError } from "../../src/api/http";

describe("the Idempotency-Key of a create form", () => {
  it("is 32 hex characters, new each time", () => {
    const keys = new Set(Array.from({ length: 100 }, newAttemptKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ["no answer came back", true, new ApiError(0, "NETWORK", "Could not reach the server.")],
    ["the server failed and may have done it", true, new ApiError(502, "UPSTREAM_FAILED", "identity failed")],
    ["a refusal", false, new ApiError(409, "EMAIL_TAKEN", "taken")],
    ["a bad field", false, new ApiError(400, "VALIDATION_FAILED", "bad")],
    ["success", false, undefined],
  ])("after %s, the next click resends the same key: %s", (_, resend, err) => {
    expect(outcomeUnknown(err)).toBe(resend);
  });
});
