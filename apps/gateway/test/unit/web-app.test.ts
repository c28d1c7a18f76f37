/**
 * The web app's static server: odd asset paths (traversal, unknown files, bad encodings) are a
 * 4xx with the JSON error shape, never a 500 with a stack trace; pages fall back to index.html.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, errorHandler, notFoundHandler } from "@auction-mesh/service-kit";
import express from "express";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { webAppRoutes } from "../../src/web-app.js";

const root = mkdtempSync(join(tmpdir(), "web-app-"));
mkdirSync(join(root, "assets"));
writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
writeFileSync(join(root, "assets", "app-1234.js"), "console.log(1)");
writeFileSync(join(root, "secret.txt"), "not an asset");

const app = express();
app.use(webAppRoutes(root) as express.Router);
app.use(notFoundHandler);
app.use(errorHandler(createLogger("web-app-test", "silent")));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the web app's static server", () => {
  it("serves hashed assets for a year and pages as index.html", async () => {
    const asset = await request(app).get("/assets/app-1234.js");
    expect(asset.status).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    const page = await request(app).get("/auctions/42");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<title>app</title>");
  });

  it.each([
    ["/assets/no-such-file.js", 404, "ASSET_NOT_FOUND"],
    ["/assets/..%2fsecret.txt", 400, "BAD_PATH"],
    ["/assets/..%2f..%2fetc%2fpasswd", 400, "BAD_PATH"],
    ["/assets/%2e%2e/secret.txt", 400, "BAD_PATH"],
    ["/assets/%E0%A4%A", 400, "BAD_PATH"],
    ["/assets/a%00b.js", 400, "BAD_PATH"],
  ])("answers %s with %i %s in the JSON error shape", async (path, status, code) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, message: expect.any(String) });
    expect(res.text).not.toContain("not an asset");
  });
});
