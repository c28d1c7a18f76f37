import { MeshHeaders } from "@auction-mesh/contracts";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../src/http-errors.js";
import { forwardedIdempotencyKey, idempotencyKeyOf } from "../../src/idempotency.js";
import { createLogger } from "../../src/logger.js";

const app = express();
app.post("/callee", (req, res) => {
  res.json({ key: idempotencyKeyOf(req) ?? null });
});
app.post("/gateway", (req, res) => {
  res.json(forwardedIdempotencyKey(req));
});
app.use(errorHandler(createLogger("test", "silent")));

const withKey = (path: string, key?: string) => {
  const req = request(app).post(path);
  return key === undefined ? req : req.set(MeshHeaders.idempotencyKey, key);
};

describe("Idempotency-Key", () => {
  it("reads the caller's key, or none", async () => {
    expect((await withKey("/callee", "attempt-7f3a9c")).body).toEqual({ key: "attempt-7f3a9c" });
    expect((await withKey("/callee")).body).toEqual({ key: null });
  });

  it("passes a client's key on, and makes a fresh one per request when the client sent none", async () => {
    expect((await withKey("/gateway", "attempt-7f3a9c")).body).toEqual({ [MeshHeaders.idempotencyKey]: "attempt-7f3a9c" });
    const made = [(await withKey("/gateway")).body, (await withKey("/gateway")).body].map((b) => b[MeshHeaders.idempotencyKey]);
    expect(made[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(made[1]).not.toBe(made[0]);
  });

  it.each([
    ["too short", "abc"],
    ["too long", "k".repeat(129)],
    ["not visible ASCII", "attempt 7f3a9c"],
  ])("refuses a key that is %s with 400 INVALID_IDEMPOTENCY_KEY", async (_, key) => {
    for (const path of ["/callee", "/gateway"]) {
      expect(await withKey(path, key)).toMatchObject({ status: 400, body: { code: "INVALID_IDEMPOTENCY_KEY" } });
    }
  });
});
