import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/http";
import { busyNotice } from "../../src/domain/busy";

describe("what a form says when the service sheds the request (503)", () => {
  it("says nothing happened and when to try again, from Retry-After", () => {
    const err = new ApiError(503, "OVERLOADED", "identity is busy", { retryAfterSeconds: 3 }, undefined, 3);
    expect(busyNotice(err, "sign-up")).toBe(
      "Lots of people are signing up right now, so your account was not created yet. Please try again in 3 seconds.",
    );
    expect(busyNotice(err, "sign-in")).toBe("Lots of people are signing in right now. Please try again in 3 seconds.");
  });

  it("reads the wait from the body when the header is missing, says 'a moment' when neither says, and 1 second in the singular", () => {
    expect(busyNotice(new ApiError(503, "OVERLOADED", "busy", { retryAfterSeconds: 1 }), "sign-in")).toMatch(/in 1 second\.$/);
    expect(busyNotice(new ApiError(503, "HTTP_503", "The server answered 503."), "sign-in")).toMatch(/in a moment\.$/);
  });

  it("leaves every other answer to the form", () => {
    expect(busyNotice(new ApiError(502, "UPSTREAM_FAILED", "x"), "sign-up")).toBeUndefined();
    expect(busyNotice(new ApiError(409, "EMAIL_TAKEN", "x"), "sign-up")).toBeUndefined();
    expect(busyNotice(new Error("x"), "sign-up")).toBeUndefined();
  });
});
