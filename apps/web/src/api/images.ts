import { UploadedImage } from "@auction-mesh/contracts";
import { apiRequest } from "./http";

/**
 * Uploads one photo (multipart, field `image`) as the signed-in seller. The answer names its
 * display size and thumbnail; a refusal is an ApiError with one of ImageErrorCodes.
 */
export function uploadImage(file: File, signal?: AbortSignal): Promise<UploadedImage> {
  const body = new FormData();
  body.append("image", file, file.name);
  return apiRequest("/api/images", { method: "POST", body, schema: UploadedImage, ...(signal ? { signal } : {}) });
}
