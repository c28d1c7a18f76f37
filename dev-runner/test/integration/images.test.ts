/**
 * Lot photos on the real mesh: a seller's multipart upload through the gateway reaches media
 * through both sidecars (10 MiB: above daprd's default body limit), which checks the bytes,
 * renders a display size and a thumbnail with sharp and writes them through the `images`
 * binding (bindings.localstorage under the state folder); the gateway serves them with cache
 * headers. Bad files get a 4xx with a code; the cron binding's housekeeping removes uploads no
 * listing uses and keeps those a listing does.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Components, type Listing, type UploadedImage } from "@auction-mesh/contracts";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest.js";
import { replicaPorts } from "../../src/plan.js";
import type { GatewayClient } from "./gateway-client.js";
import { json, meshTokens, REPO, type Running, type TestMesh, testManifest } from "./harness.js";
import { startSuite, stopRunner } from "./suite.js";

const SHIFT = 11_000;
/** Uploads no listing uses are leftovers after this long (UPLOAD_RETENTION_HOURS: 2 s here). */
const RETENTION_SECONDS = 2;
let mesh: TestMesh;
let runner: Running;
let gateway: GatewayClient;

beforeAll(async () => {
  ({ mesh, runner, gateway } = await startSuite(
    testManifest(SHIFT, { media: { UPLOAD_RETENTION_HOURS: String(RETENTION_SECONDS / 3600) } }),
  ));
});

afterAll(async () => {
  await stopRunner(runner);
});

const photo = (width: number, height: number, colour = "#b4783c") =>
  sharp({ create: { width, height, channels: 3, background: colour } }).composite([
    { input: { create: { width: Math.floor(width / 3), height: Math.floor(height / 3), channels: 3, background: "#123456" } } },
  ]);

/** What a browser's form sends: multipart/form-data with the file in `field`. */
async function upload(bytes: Buffer, options: { as?: string; field?: string; fileName?: string } = {}) {
  const form = new FormData();
  form.append(options.field ?? "image", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), options.fileName ?? "photo.jpg");
  const token = options.as === "" ? undefined : await gateway.token(options.as ?? "seller-img-1");
  const res = await fetch(`${mesh.gatewayUrl}/api/images`, {
    method: "POST",
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as UploadedImage & { code?: string; message?: string } };
}

async function served(path: string) {
  const res = await fetch(`${mesh.gatewayUrl}${path}`);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const storedFile = (name: string) => join(mesh.stateDir, "data/images", name);

describe("a seller's photo", () => {
  let image: UploadedImage;

  it("is stored upright in two sizes through the binding, with no camera metadata, and served cacheable forever", async () => {
    const jpeg = await photo(1200, 900)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: "Acme", Model: "Snapper 3" } })
      .toBuffer();
    const res = await upload(jpeg);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    image = res.body;
    expect(image).toMatchObject({ width: 900, height: 1200, display: `/api/images/${image.id}-display.webp` });

    const display = await served(image.display);
    expect(display.status).toBe(200);
    expect(display.headers.get("content-type")).toBe("image/webp");
    expect(display.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(display.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 900, height: 1200 });
    expect(meta.exif).toBeUndefined();
    expect(await sharp((await served(image.thumbnail)).bytes).metadata()).toMatchObject({ width: 480, height: 360 });
    // Written by daprd's localstorage binding under the mesh's state folder (media has no file system access of its own).
    expect(existsSync(storedFile(`${image.id}-display.webp`))).toBe(true);
    expect(existsSync(storedFile(`${image.id}-thumb.webp`))).toBe(true);
  });

  it("passes both sidecars above daprd's default body limit of 4 MiB", async () => {
    // Noise does not compress: a JPEG of 2400 × 1800 random pixels at quality 100 is ~5.8 MiB.
    const noise = Buffer.alloc(2400 * 1800 * 3);
    let x = 2463534242;
    for (let i = 0; i < noise.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      noise[i] = x & 255;
    }
    const big = await sharp(noise, { raw: { width: 2400, height: 1800, channels: 3 } })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    const res = await upload(big);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ width: 1600, height: 1200 });
  });

  it("is refused with a code when it is no photo, too large, too small, cut short, or missing", async () => {
    expect(await upload(Buffer.from("not a photo at all, just text"), { fileName: "fake.jpg" })).toMatchObject({
      status: 415,
      body: { code: "IMAGE_UNSUPPORTED" },
    });
    expect(await upload(Buffer.alloc(10 * 1024 * 1024 + 1, 1))).toMatchObject({ status: 413, body: { code: "IMAGE_TOO_LARGE" } });
    expect(await upload(await photo(300, 120).png().toBuffer())).toMatchObject({ status: 422, body: { code: "IMAGE_TOO_SMALL" } });
    const jpeg = await photo(1200, 900).jpeg().toBuffer();
    expect(await upload(jpeg.subarray(0, jpeg.length / 2))).toMatchObject({ status: 422, body: { code: "IMAGE_UNREADABLE" } });
    expect(await upload(jpeg, { field: "photo" })).toMatchObject({ status: 400, body: { code: "BAD_UPLOAD" } });
    const empty = await fetch(`${mesh.gatewayUrl}/api/images`, {
      method: "POST",
      body: new FormData(),
      headers: { authorization: `Bearer ${await gateway.token("seller-img-1")}` },
    });
    expect({ status: empty.status, body: await empty.json() }).toMatchObject({ status: 400, body: { code: "IMAGE_MISSING" } });
  });

  it("may be uploaded by sellers only", async () => {
    const jpeg = await photo(800, 600).jpeg().toBuffer();
    expect(await upload(jpeg, { as: "" })).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    expect(await upload(jpeg, { as: "bidder-img-1" })).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
  });

  it("answers an unknown photo 404 and a name that is no photo's (a path) 400, as JSON", async () => {
    const missing = await json(`${mesh.gatewayUrl}/api/images/${"0".repeat(32)}-display.webp`);
    expect(missing).toMatchObject({ status: 404, body: { code: "IMAGE_NOT_FOUND" } });
    for (const name of ["..%2f..%2ftokens.json", "x.webp", `${"0".repeat(32)}-display.png`])
      expect(await json(`${mesh.gatewayUrl}/api/images/${name}`)).toMatchObject({ status: 400, body: { code: "BAD_IMAGE_NAME" } });
  });
});

describe("housekeeping of uploads (the cleanup-schedule cron binding)", () => {
  it("removes uploads no listing uses once past retention, files and all, and keeps the ones a listing uses", async () => {
    const used = (await upload(await photo(900, 700, "#2a9d8f").jpeg().toBuffer())).body;
    const abandoned = (await upload(await photo(900, 700, "#e76f51").jpeg().toBuffer())).body;
    const created = await gateway.createListing({ imageUrls: [used.display] }, "seller-img-1");
    expect((created.body as Listing).imageUrls).toEqual([used.display]);
    await new Promise((resolve) => setTimeout(resolve, RETENTION_SECONDS * 1000 + 500));

    // What daprd's cron binding sends on each tick, to media's app (its schedule: components/<profile>/cleanup-schedule.yaml).
    const media = replicaPorts(loadManifest(REPO, { file: mesh.manifestFile }).services.media?.portBase as number, 0).app;
    const tick = await json(`http://127.0.0.1:${media}/${Components.cleanupSchedule}`, {
      method: "POST",
      body: "{}",
      headers: { "dapr-api-token": meshTokens(mesh.stateDir).app },
    });
    expect(tick.status, JSON.stringify(tick.body)).toBe(200);
    expect(tick.body).toMatchObject({ inUse: expect.any(Number), removed: expect.any(Number) });
    expect(tick.body.inUse as number).toBeGreaterThanOrEqual(1);

    expect((await served(used.display)).status).toBe(200);
    expect((await served(abandoned.display)).status).toBe(404);
    expect(existsSync(storedFile(`${abandoned.id}-display.webp`))).toBe(false);
    expect(existsSync(storedFile(`${abandoned.id}-thumb.webp`))).toBe(false);
    expect(existsSync(storedFile(`${used.id}-thumb.webp`))).toBe(true);
  });
});
