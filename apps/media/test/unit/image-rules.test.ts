import { ImageLimits } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { displaySize, judgeBytes, judgeHeader, leftoverCutoff, uprightSize } from "../../src/domain/image-rules.js";

describe("an upload's size", () => {
  it("refuses nothing at all and more than the limit, with codes", () => {
    expect(() => judgeBytes(0)).toThrow(expect.objectContaining({ status: 400, code: "IMAGE_MISSING" }));
    expect(() => judgeBytes(ImageLimits.maxBytes + 1)).toThrow(expect.objectContaining({ status: 413, code: "IMAGE_TOO_LARGE" }));
    expect(() => judgeBytes(ImageLimits.maxBytes)).not.toThrow();
  });
});

describe("an upload's header", () => {
  it("takes the photo formats, told by the decoder, and AVIF under its container's name", () => {
    for (const format of ["jpeg", "png", "webp", "gif"]) expect(judgeHeader({ format, width: 800, height: 600 })).toBe(format);
    expect(judgeHeader({ format: "heif", width: 800, height: 600 })).toBe("avif");
  });

  it("refuses what is not a photo format as unsupported (415)", () => {
    for (const format of ["svg", "pdf", "tiff", undefined])
      expect(() => judgeHeader({ format, width: 800, height: 600 })).toThrow(
        expect.objectContaining({ status: 415, code: "IMAGE_UNSUPPORTED" }),
      );
  });

  it("refuses a shorter side under the minimum, and more pixels than the limit", () => {
    expect(() => judgeHeader({ format: "png", width: 2000, height: ImageLimits.minSide - 1 })).toThrow(
      expect.objectContaining({ status: 422, code: "IMAGE_TOO_SMALL" }),
    );
    expect(() => judgeHeader({ format: "png", width: ImageLimits.minSide, height: ImageLimits.minSide })).not.toThrow();
    expect(() => judgeHeader({ format: "jpeg", width: 8000, height: 5001 })).toThrow(
      expect.objectContaining({ status: 422, code: "IMAGE_TOO_MANY_PIXELS" }),
    );
  });
});

describe("the display size", () => {
  it("fits the longer side in the limit and keeps the shape; never enlarges", () => {
    expect(displaySize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(displaySize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(displaySize(1200, 900)).toEqual({ width: 1200, height: 900 });
    expect(displaySize(6000, 200)).toEqual({ width: 1600, height: 53 });
  });

  it("is measured upright: EXIF orientations 5-8 swap the sides", () => {
    expect(uprightSize(1200, 900, 6)).toEqual({ width: 900, height: 1200 });
    expect(uprightSize(1200, 900, 3)).toEqual({ width: 1200, height: 900 });
    expect(uprightSize(1200, 900, undefined)).toEqual({ width: 1200, height: 900 });
  });
});

describe("leftovers", () => {
  it("are uploads older than the retention", () => {
    expect(leftoverCutoff(new Date("2026-11-28T12:00:00Z"), 24).toISOString()).toBe("2026-11-27T12:00:00.000Z");
  });
});
