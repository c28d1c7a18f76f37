import { createHash } from "node:crypto";
import { ImageErrorCodes, type ImageId, ImageLimits } from "@auction-mesh/contracts";
import sharp from "sharp";
import { displaySize, ImageRefused, judgeBytes, judgeHeader, uprightSize } from "./domain/image-rules.js";

/** The two files made of an upload, and the display size's pixels. */
export interface RenderedImage {
  id: ImageId;
  display: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/** libvips decodes at most this many pixels of any input: the header check's limit, enforced again while decoding. */
const decoder = (bytes: Buffer) => sharp(bytes, { limitInputPixels: ImageLimits.maxPixels, failOn: "error", animated: false });

async function header(bytes: Buffer) {
  try {
    // The header alone (nothing is decoded here), so no pixel limit: judgeHeader refuses a bomb by its size, with its own code.
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    // libvips knows no format in these bytes at all: a text file, a PDF, a truncated header.
    throw new ImageRefused(415, ImageErrorCodes.unsupported, "these bytes are not an image this site takes");
  }
}

/**
 * Checks an upload by its bytes and makes its display size and thumbnail: turned upright (EXIF
 * orientation), WebP, with no metadata (sharp writes none unless asked: no EXIF, GPS or
 * camera serials leave the server). The id is the display file's content hash, so the same
 * photo uploaded twice is one image, and its files never change (cacheable forever).
 */
export async function renderUpload(bytes: Buffer): Promise<RenderedImage> {
  judgeBytes(bytes.length);
  const meta = await header(bytes);
  judgeHeader({ format: meta.format, width: meta.width ?? 0, height: meta.height ?? 0 });
  const upright = uprightSize(meta.width ?? 0, meta.height ?? 0, meta.orientation);
  const size = displaySize(upright.width, upright.height);
  try {
    const display = await decoder(bytes)
      .rotate()
      .resize({ width: size.width, height: size.height, fit: "fill" })
      .webp({ quality: 82 })
      .toBuffer();
    // From the display file, not the upload: already upright and at most 1600 px, so a 40 MP
    // upload is decoded once, not twice.
    const thumbnail = await sharp(display)
      .resize({ width: ImageLimits.thumbnailWidth, height: ImageLimits.thumbnailHeight, fit: "cover", position: "attention" })
      .webp({ quality: 75 })
      .toBuffer();
    const id = createHash("sha256").update(display).digest("hex").slice(0, 32);
    return { id, display, thumbnail, ...size };
  } catch (err) {
    if (err instanceof ImageRefused) throw err;
    throw new ImageRefused(422, ImageErrorCodes.unreadable, `the image could not be read: ${(err as Error).message.split("\n")[0]}`);
  }
}
