import { ImageErrorCodes, ImageFormat, ImageLimits } from "@auction-mesh/contracts";

/** An upload media refuses: the HTTP status and code the seller's client shows. */
export class ImageRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ImageRefused";
  }
}

/** What the decoder read from an upload's header (never from its name or declared type). */
export interface ImageHeader {
  /** The decoder's name for the format (sharp's `metadata().format`), if it knew the bytes at all. */
  format: string | undefined;
  width: number;
  height: number;
}

/** Checks an upload's size before anything decodes it. */
export function judgeBytes(bytes: number): void {
  if (bytes === 0) throw new ImageRefused(400, ImageErrorCodes.missing, "the upload is empty");
  if (bytes > ImageLimits.maxBytes)
    throw new ImageRefused(413, ImageErrorCodes.tooLarge, `an image may be at most ${ImageLimits.maxBytes / 1024 / 1024} MiB`);
}

/** Checks the header: a format we take, not too small, and not so many pixels that decoding it could exhaust memory. */
export function judgeHeader(header: ImageHeader): ImageFormat {
  const format = ImageFormat.safeParse(header.format === "heif" ? "avif" : header.format);
  if (!format.success)
    throw new ImageRefused(415, ImageErrorCodes.unsupported, `not a photo this site takes (${ImageFormat.options.join(", ")})`);
  const { width, height } = header;
  if (width * height > ImageLimits.maxPixels)
    throw new ImageRefused(
      422,
      ImageErrorCodes.tooManyPixels,
      `${width}×${height} is more than ${ImageLimits.maxPixels / 1_000_000} megapixels`,
    );
  if (Math.min(width, height) < ImageLimits.minSide)
    throw new ImageRefused(
      422,
      ImageErrorCodes.tooSmall,
      `${width}×${height} is too small: the shorter side needs ${ImageLimits.minSide} pixels`,
    );
  return format.data;
}

/** The display size of an upload shown upright: fits in the limit's square, never enlarged. */
export function displaySize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, ImageLimits.displayMaxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** EXIF orientations 5–8 turn the picture a quarter: its upright width is the stored height. */
export function uprightSize(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
  return orientation !== undefined && orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

/** Uploads no listing used by this instant are leftovers (a seller who picked a photo and left). */
export function leftoverCutoff(now: Date, retentionHours: number): Date {
  return new Date(now.getTime() - retentionHours * 3_600_000);
}
