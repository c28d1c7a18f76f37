import { ImageFileName, type ImageSize, imageFileName, imagePath, type UploadedImage } from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { ImageRefused } from "./domain/image-rules.js";
import type { ImageFiles } from "./image-files.js";
import { renderUpload } from "./image-processing.js";
import type { UploadStore } from "./upload-store.js";

/** A stored file as media serves it. */
export interface ImageFile {
  bytes: Buffer;
  contentType: "image/webp";
}

function refusal(err: unknown): never {
  if (err instanceof ImageRefused) throw new HttpError(err.status, err.code, err.message);
  throw err;
}

/** A seller's photo upload, and the files it made (media's use cases; adapters in routes.ts). */
export class Uploads {
  constructor(
    private readonly files: ImageFiles,
    private readonly store: UploadStore,
  ) {}

  /** Checks and renders the bytes, stores both files, then records the photo (a record always has its files). */
  async accept(ownerId: string, bytes: Buffer): Promise<UploadedImage> {
    const image = await renderUpload(bytes).catch(refusal);
    await this.files.put(imageFileName(image.id, "display"), image.display);
    await this.files.put(imageFileName(image.id, "thumb"), image.thumbnail);
    await this.store.add({ id: image.id, ownerId, width: image.width, height: image.height, bytes: image.display.length });
    return {
      id: image.id,
      display: imagePath(image.id, "display"),
      thumbnail: imagePath(image.id, "thumb"),
      width: image.width,
      height: image.height,
    };
  }

  /** A stored file by name; 404 IMAGE_NOT_FOUND for a photo media has no record of. */
  async file(name: string): Promise<ImageFile> {
    if (!ImageFileName.safeParse(name).success)
      throw new HttpError(400, "BAD_IMAGE_NAME", "not an image file name (<32 hex>-display.webp or -thumb.webp)");
    const id = name.slice(0, 32);
    if (!(await this.store.has(id))) throw new HttpError(404, "IMAGE_NOT_FOUND", `no image ${name}`);
    return { bytes: await this.files.get(name), contentType: "image/webp" };
  }

  /** Both files of a photo, then its record (a record never outlives its files). */
  async remove(id: string): Promise<void> {
    for (const size of ["display", "thumb"] satisfies ImageSize[]) await this.files.delete(imageFileName(id, size));
    await this.store.remove(id);
  }
}
