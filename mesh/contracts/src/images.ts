import { z } from "zod";

/**
 * Lot photos. A seller uploads one image at a time (multipart, field `image`, through the
 * gateway); media checks the bytes, makes a display size and a thumbnail (WebP, metadata
 * stripped) and stores both through the `images` output binding under content-hash names.
 * A listing refers to its photos by the display path in `imageUrls`; the thumbnail's path
 * follows from it (`thumbnailPathOf`).
 */
export const ImageLimits = {
  /** The largest upload accepted, in bytes (the gateway refuses more before reading it all). */
  maxBytes: 10 * 1024 * 1024,
  /** Width × height of the upload: a decompression bomb is refused before it is decoded. */
  maxPixels: 40_000_000,
  /** The shorter side of an upload must be at least this, in pixels. */
  minSide: 200,
  /** The display size fits in this square (never enlarged). */
  displayMaxSide: 1600,
  /** The thumbnail: this size exactly, cropped to the centre. */
  thumbnailWidth: 480,
  thumbnailHeight: 360,
} as const;

/** The formats media accepts, told from the bytes (never from the file name or content type). */
export const ImageFormat = z.enum(["jpeg", "png", "webp", "avif", "gif"]);
export type ImageFormat = z.infer<typeof ImageFormat>;

export const ImageSize = z.enum(["display", "thumb"]);
export type ImageSize = z.infer<typeof ImageSize>;

/** An image's id: the first 32 hex digits of the sha256 of its display file. */
export const ImageId = z.string().regex(/^[0-9a-f]{32}$/, "an image id is 32 lowercase hex digits");
export type ImageId = z.infer<typeof ImageId>;

/** A stored file: `<id>-display.webp` or `<id>-thumb.webp`. */
export const ImageFileName = z.string().regex(/^[0-9a-f]{32}-(display|thumb)\.webp$/, "not an image file name");

export const IMAGES_PATH_PREFIX = "/api/images/";
export const imageFileName = (id: ImageId, size: ImageSize) => `${id}-${size}.webp`;
export const imagePath = (id: ImageId, size: ImageSize) => `${IMAGES_PATH_PREFIX}${imageFileName(id, size)}`;

/** The thumbnail of an uploaded photo's display path; null for any other address (an outside URL). */
export function thumbnailPathOf(displayPath: string): string | null {
  const match = /^\/api\/images\/([0-9a-f]{32})-display\.webp$/.exec(displayPath);
  return match ? imagePath(match[1] as string, "thumb") : null;
}

/** The answer to an upload: where the two sizes are served, and the display size's pixels. */
export const UploadedImage = z
  .object({
    id: ImageId,
    display: z.string(),
    thumbnail: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  })
  .strict();
export type UploadedImage = z.infer<typeof UploadedImage>;

/** media asks the catalogue which of its uploads some listing uses (housekeeping keeps those). */
export const ImagesInUseRequest = z.object({ paths: z.array(z.string().max(2048)).max(1000) }).strict();
export type ImagesInUseRequest = z.infer<typeof ImagesInUseRequest>;
export const ImagesInUse = z.object({ paths: z.array(z.string()) }).strict();
export type ImagesInUse = z.infer<typeof ImagesInUse>;

/** The codes of a refused upload (HTTP 4xx), for clients that tell the seller why. */
export const ImageErrorCodes = {
  missing: "IMAGE_MISSING",
  tooLarge: "IMAGE_TOO_LARGE",
  unsupported: "IMAGE_UNSUPPORTED",
  unreadable: "IMAGE_UNREADABLE",
  tooSmall: "IMAGE_TOO_SMALL",
  tooManyPixels: "IMAGE_TOO_MANY_PIXELS",
} as const;
