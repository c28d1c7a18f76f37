/** Real images through sharp (libvips): what a seller uploads and what bidders are served. */
import { ImageLimits } from "@auction-mesh/contracts";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderUpload } from "../../src/image-processing.js";

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 120, b: 60 } } }).composite([
    { input: { create: { width: Math.floor(width / 2), height: Math.floor(height / 2), channels: 3, background: "#123456" } } },
  ]);

// libvips work is CPU-bound: on a busy 2-core CI machine one render can take seconds.
describe("an upload rendered", { timeout: 30_000 }, () => {
  it("is turned upright by its EXIF orientation, and no metadata (camera, GPS) survives", async () => {
    const jpeg = await photo(1200, 900)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: "Acme", Model: "Snapper 3" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .toBuffer();
    expect(await sharp(jpeg).metadata()).toMatchObject({ width: 1200, height: 900, orientation: 6, exif: expect.any(Buffer) });

    const image = await renderUpload(jpeg);

    expect({ width: image.width, height: image.height }).toEqual({ width: 900, height: 1200 });
    for (const file of [image.display, image.thumbnail]) {
      const meta = await sharp(file).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    expect(await sharp(image.display).metadata()).toMatchObject({ width: 900, height: 1200 });
    expect(await sharp(image.thumbnail).metadata()).toMatchObject({
      width: ImageLimits.thumbnailWidth,
      height: ImageLimits.thumbnailHeight,
    });
    expect(image.display.toString("latin1")).not.toContain("Snapper");
  });

  it("is made smaller for display when large, and named by its content: the same photo twice is one image", async () => {
    const png = await photo(2000, 1500).png().toBuffer();
    const first = await renderUpload(png);
    const again = await renderUpload(png);
    expect(await sharp(first.display).metadata()).toMatchObject({ width: 1600, height: 1200 });
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect(again.id).toBe(first.id);
    expect((await renderUpload(await photo(900, 900).webp().toBuffer())).id).not.toBe(first.id);
  });

  it("is told by its bytes: a PNG sent as anything is a PNG, text is no image at all (415)", async () => {
    await expect(renderUpload(Buffer.from("GIF89a, or so it says; really a letter to the seller"))).rejects.toMatchObject({
      status: 415,
      code: "IMAGE_UNSUPPORTED",
    });
    await expect(renderUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"/>'))).rejects.toMatchObject({
      status: 415,
      code: "IMAGE_UNSUPPORTED",
    });
  });

  it("refuses a truncated photo as unreadable (422), not as a server error", async () => {
    const jpeg = await photo(1200, 900).jpeg().toBuffer();
    await expect(renderUpload(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).rejects.toMatchObject({
      status: 422,
      code: "IMAGE_UNREADABLE",
    });
  });

  it("refuses a small photo and one with more pixels than the limit, before decoding it", async () => {
    await expect(renderUpload(await photo(300, 150).png().toBuffer())).rejects.toMatchObject({ status: 422, code: "IMAGE_TOO_SMALL" });
    // 8000 × 5001 of one colour: tiny as a PNG file, 40 MP to decode.
    const bomb = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: "#fff" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(ImageLimits.maxBytes);
    await expect(renderUpload(bomb)).rejects.toMatchObject({ status: 422, code: "IMAGE_TOO_MANY_PIXELS" });
  });
});
