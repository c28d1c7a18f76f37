import { ImageErrorCodes, ImageLimits, thumbnailPathOf, type UploadedImage } from "@auction-mesh/contracts";

/** A listing holds at most this many photos (the contract's `imageUrls` limit). */
export const MAX_PHOTOS = 10;

/**
 * One photo on the seller's form, in the order it is sent: a file being uploaded, or a photo
 * ready to send (an upload's display path, or an outside URL a listing made earlier has).
 */
export type PhotoSlot =
  | { key: string; state: "uploading"; fileName: string }
  | { key: string; state: "ready"; url: string; thumbnail: string };

/** A file the seller picked, with the key its slot gets. */
export interface PickedFile {
  key: string;
  name: string;
  size: number;
}

/** The small version of a photo: an upload's thumbnail, or the outside URL itself. */
export const thumbnailOf = (url: string): string => thumbnailPathOf(url) ?? url;

/** A saved listing's photos, as the form shows them. */
export function photosFromUrls(urls: readonly string[]): PhotoSlot[] {
  return urls.map((url, i) => ({ key: `saved-${i}`, state: "ready", url, thumbnail: thumbnailOf(url) }));
}

/** What the request carries: the ready photos' addresses, in order. */
export function photoUrls(photos: readonly PhotoSlot[]): string[] {
  return photos.flatMap((p) => (p.state === "ready" ? [p.url] : []));
}

export const isUploading = (photos: readonly PhotoSlot[]): boolean => photos.some((p) => p.state === "uploading");

/**
 * Adds picked files as uploading slots, up to the 10-photo limit. Files too large to send are
 * refused here (the server would refuse them after the whole upload); so are those past the limit.
 * `upload`: the files to send now, each under its slot's key. `refused`: sentences to show.
 */
export function addPicked<F extends PickedFile>(
  photos: readonly PhotoSlot[],
  files: readonly F[],
): { photos: PhotoSlot[]; upload: F[]; refused: string[] } {
  const refused: string[] = [];
  const fitting: F[] = [];
  for (const file of files) {
    if (file.size > ImageLimits.maxBytes) refused.push(refusalText(file.name, ImageErrorCodes.tooLarge));
    else fitting.push(file);
  }
  const room = Math.max(0, MAX_PHOTOS - photos.length);
  const upload = fitting.slice(0, room);
  const left = fitting.slice(room);
  if (left.length > 0) refused.push(overLimitText(left.map((f) => f.name)));
  const added: PhotoSlot[] = upload.map((f) => ({ key: f.key, state: "uploading", fileName: f.name }));
  return { photos: [...photos, ...added], upload, refused };
}

/**
 * An upload came back: its slot becomes the photo. The same image twice (uploads are named by
 * their content) is kept once: `duplicate` tells the caller to say so. A slot removed while it
 * was uploading stays removed.
 */
export function uploadSucceeded(
  photos: readonly PhotoSlot[],
  key: string,
  image: UploadedImage,
): { photos: PhotoSlot[]; duplicate: boolean } {
  if (!photos.some((p) => p.key === key)) return { photos: [...photos], duplicate: false };
  if (photos.some((p) => p.state === "ready" && p.url === image.display)) return { photos: removePhoto(photos, key), duplicate: true };
  return {
    photos: photos.map((p) => (p.key === key ? { key, state: "ready", url: image.display, thumbnail: image.thumbnail } : p)),
    duplicate: false,
  };
}

/** An upload was refused (or removed): its slot goes; the rest stay as they are. */
export function removePhoto(photos: readonly PhotoSlot[], key: string): PhotoSlot[] {
  return photos.filter((p) => p.key !== key);
}

/** A file name as quoted in a sentence, shortened when very long. */
export function quoted(fileName: string): string {
  const name = fileName.trim();
  if (name === "") return "The file";
  return `“${name.length > 80 ? `${name.slice(0, 77)}…` : name}”`;
}

const MB = ImageLimits.maxBytes / (1024 * 1024);
const MEGAPIXELS = ImageLimits.maxPixels / 1_000_000;

/**
 * Why a file was not added, in a sentence that names it. `code` is the refusal's (ImageErrorCodes,
 * or the client's HTTP_<status> / NETWORK), `status` its HTTP status when the code is unknown.
 */
export function refusalText(fileName: string, code: string, status?: number, serverMessage?: string): string {
  const name = quoted(fileName);
  switch (code) {
    case ImageErrorCodes.missing:
      return `${name} did not arrive as a file. Try choosing it again.`;
    case ImageErrorCodes.tooLarge:
    case "HTTP_413":
      return `${name} is too large: photos can be at most ${MB} MB.`;
    case ImageErrorCodes.unsupported:
    case "HTTP_415":
      return `${name} is not a photo this site can use: choose a JPEG, PNG, WebP, AVIF or GIF image.`;
    case ImageErrorCodes.unreadable:
      return `${name} could not be read: the file seems to be damaged. Try another copy of it.`;
    case ImageErrorCodes.tooSmall:
      return `${name} is too small: photos need at least ${ImageLimits.minSide} pixels on the shorter side.`;
    case ImageErrorCodes.tooManyPixels:
      return `${name} has too many pixels: photos can have at most ${MEGAPIXELS} million. Make it smaller and try again.`;
    case "NETWORK":
      return `${name} was not uploaded: the server could not be reached. Check your connection and try again.`;
  }
  if (status === 401) return `${name} was not uploaded: your session has ended. Sign in again to add photos.`;
  if (status === 403) return `${name} was not uploaded: only sellers can add photos.`;
  if (status === 429 || status === 503) return `${name} was not uploaded: the server is busy. Try again in a moment.`;
  const reason = serverMessage?.trim().replace(/\.$/, "");
  return reason ? `${name} was not uploaded: ${reason}.` : `${name} was not uploaded. Try again.`;
}

/** The files that did not fit under the limit, in one sentence. */
export function overLimitText(fileNames: readonly string[]): string {
  const names = fileNames.map(quoted);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${list} ${names.length === 1 ? "was" : "were"} not added: a listing can have at most ${MAX_PHOTOS} photos.`;
}

export const duplicateText = (fileName: string) => `${quoted(fileName)} is already among the photos.`;

/** The picker's hint: what it takes, and how many more fit. */
export function photoHint(photos: readonly PhotoSlot[]): string {
  const rules = `JPEG, PNG, WebP, AVIF or GIF, up to ${MB} MB, at least ${ImageLimits.minSide} pixels on the shorter side. The first photo is the main one.`;
  if (photos.length >= MAX_PHOTOS) return `${rules} ${MAX_PHOTOS} of ${MAX_PHOTOS} photos: remove one to add another.`;
  return `${rules} ${photos.length} of ${MAX_PHOTOS} photos.`;
}

/** The room's large photo, described for screen readers: "Blue vase, photo 2 of 3". */
export const galleryAlt = (title: string, index: number, count: number) => `${title}, photo ${index + 1} of ${count}`;
