import type { DaprClient } from "@dapr/dapr";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError } from "../../src/http-errors.js";
import { Sidecar } from "../../src/sidecar.js";

/** A Dapr client whose invoke fails the way the SDK does for a non-2xx answer (HTTPClient.execute). */
const answering = (status: number, body: unknown) =>
  new Sidecar({
    invoker: {
      invoke: async () => {
        throw new Error(JSON.stringify({ error: "x", error_msg: typeof body === "string" ? body : JSON.stringify(body), status }));
      },
    },
  } as unknown as DaprClient);

const failure = async (sidecar: Sidecar): Promise<HttpError> => {
  try {
    await sidecar.invoke("identity", "users/sign-up", {}, z.unknown());
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("the call did not fail");
};

describe("Sidecar.invoke failures", () => {
  it("keeps a callee's 4xx code", async () => {
    expect(await failure(answering(409, { code: "EMAIL_TAKEN", message: "taken" }))).toMatchObject({ status: 409, code: "EMAIL_TAKEN" });
  });

  it("passes a callee's 503 shed answer on as 503 with its code and when to come back", async () => {
    const err = await failure(answering(503, { code: "OVERLOADED", message: "busy", details: { retryAfterSeconds: 4 } }));
    expect(err).toMatchObject({ status: 503, code: "OVERLOADED", message: "busy", retryAfterSeconds: 4 });
  });

  it("defaults the wait to 1 s when the shed answer does not say", async () => {
    expect(await failure(answering(503, { code: "OVERLOADED", message: "busy" }))).toMatchObject({ status: 503, retryAfterSeconds: 1 });
  });

  it("turns other server failures into 502 UPSTREAM_FAILED", async () => {
    expect(await failure(answering(500, { code: "INTERNAL", message: "Internal error" }))).toMatchObject({
      status: 502,
      code: "UPSTREAM_FAILED",
    });
    // daprd's own errors (no ApiErrorBody), even as 503, are the mesh failing, not the callee shedding.
    expect(await failure(answering(503, { errorCode: "ERR_DIRECT_INVOKE", message: "no healthy instance" }))).toMatchObject({
      status: 502,
      code: "UPSTREAM_FAILED",
    });
    expect(await failure(answering(503, "Service Unavailable"))).toMatchObject({ status: 502, code: "UPSTREAM_FAILED" });
  });
});
