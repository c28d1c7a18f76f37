import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../src/http-errors.js";
import { jobHandler } from "../../src/jobs.js";
import { createLogger } from "../../src/logger.js";

const silent = createLogger("test", "silent");

function appRunning(handle: (id: string) => Promise<void>) {
  const app = express();
  app.post("/job/:name", jobHandler("start-", silent, handle));
  app.use(errorHandler(silent));
  return app;
}

describe("jobHandler (the sidecar's due jobs)", () => {
  it("runs the job named by its prefix with the id after it", async () => {
    const ran: string[] = [];
    const res = await request(appRunning(async (id) => void ran.push(id))).post("/job/start-a1");
    expect(res.status).toBe(200);
    expect(ran).toEqual(["a1"]);
  });

  it("acknowledges a job it does not know, so the scheduler does not retry it", async () => {
    const ran: string[] = [];
    const res = await request(appRunning(async (id) => void ran.push(id))).post("/job/other-a1");
    expect(res.status).toBe(200);
    expect(ran).toEqual([]);
  });

  it("answers 500 when the job fails, so the scheduler retries it", async () => {
    const res = await request(
      appRunning(async () => {
        throw new Error("bidding unreachable");
      }),
    ).post("/job/start-a1");
    expect(res.status).toBe(500);
  });
});
