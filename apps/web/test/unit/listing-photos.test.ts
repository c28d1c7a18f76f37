import { ImageErrorCodes, ImageLimits, type UploadedImage } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import {
  addPicked,
  duplicateText,
  galleryAlt,
  isUploading,
  MAX_PHOTOS,
  overLimitText,
  type PhotoSlot,
  photoHint,
  photosFromUrls,
  photoUrls,
  quoted,
  refusalText,
  removePhoto,
  thumbnailOf,
  uploadSucceeded,
} from "../../src/domain/listing-photos";

const id = (hex: string) => hex.repeat(32);
const display = (hex: string) => `/api/images/${id(hex)}-display.webp`;
const thumb = (hex: string) => `/api/images/${id(hex)}-thumb.webp`;
const uploaded = (hex: string): UploadedImage => ({ id: id(hex), display: display(hex), thumbnail: thumb(hex), width: 1200, height: 900 });
const file = (n: number, size = 50_000) => ({ key: `upload-${n}`, name: `photo-${n}.jpg`, size });

describe("the photos a listing has", () => {
  it("an upload's thumbnail is beside its display size; an outside URL is its own thumbnail", () => {
    expect(thumbnailOf(display("a"))).toBe(thumb("a"));
    expect(thumbnailOf("https://img.example/x.jpg")).toBe("https://img.example/x.jpg");
    expect(thumbnailOf("/favicon.svg")).toBe("/favicon.svg");
  });

  it("a saved listing's photos are ready, in their order, and sent back unchanged", () => {
    const urls = ["https://img.example/x.jpg", display("a")];
    const photos = photosFromUrls(urls);
    expect(photos.map((p) => p.state)).toEqual(["ready", "ready"]);
    expect(photos.map((p) => p.key)).toEqual(["saved-0", "saved-1"]);
    expect(photoUrls(photos)).toEqual(urls);
    expect(isUploading(photos)).toBe(false);
  });

  it("describes the room's large photo by title and position", () => {
    expect(galleryAlt("Blue vase", 0, 3)).toBe("Blue vase, photo 1 of 3");
  });
});

describe("picking, uploading and removing photos", () => {
  it("each picked file shows as uploading at the end, and is not sent until it is ready", () => {
    const { photos, upload, refused } = addPicked(photosFromUrls([display("a")]), [file(0), file(1)]);
    expect(upload.map((f) => f.key)).toEqual(["upload-0", "upload-1"]);
    expect(refused).toEqual([]);
    expect(photos.map((p) => p.key)).toEqual(["saved-0", "upload-0", "upload-1"]);
    expect(photos[1]).toEqual({ key: "upload-0", state: "uploading", fileName: "photo-0.jpg" });
    expect(isUploading(photos)).toBe(true);
    expect(photoUrls(photos)).toEqual([display("a")]);
  });

  it("a finished upload takes its own place, whatever order the answers come in", () => {
    let { photos } = addPicked([], [file(0), file(1)]);
    photos = uploadSucceeded(photos, "upload-1", uploaded("b")).photos;
    expect(photoUrls(photos)).toEqual([display("b")]);
    const done = uploadSucceeded(photos, "upload-0", uploaded("a"));
    expect(done.duplicate).toBe(false);
    expect(photoUrls(done.photos)).toEqual([display("a"), display("b")]);
    expect(done.photos[0]).toEqual({ key: "upload-0", state: "ready", url: display("a"), thumbnail: thumb("a") });
    expect(isUploading(done.photos)).toBe(false);
  });

  it("the same image uploaded twice is kept once", () => {
    let { photos } = addPicked(photosFromUrls([display("a")]), [file(0)]);
    const again = uploadSucceeded(photos, "upload-0", uploaded("a"));
    expect(again.duplicate).toBe(true);
    photos = again.photos;
    expect(photoUrls(photos)).toEqual([display("a")]);
    expect(isUploading(photos)).toBe(false);
    expect(duplicateText("vase.jpg")).toBe("“vase.jpg” is already among the photos.");
  });

  it("a photo removed while uploading stays removed when its answer comes", () => {
    const { photos } = addPicked([], [file(0)]);
    const removed = removePhoto(photos, "upload-0");
    expect(removed).toEqual([]);
    expect(uploadSucceeded(removed, "upload-0", uploaded("a"))).toEqual({ photos: [], duplicate: false });
  });

  it("removing a photo keeps the others in order", () => {
    const photos = photosFromUrls([display("a"), "https://img.example/x.jpg", display("b")]);
    expect(photoUrls(removePhoto(photos, "saved-1"))).toEqual([display("a"), display("b")]);
  });
});

describe("at most 10 photos", () => {
  const nine: PhotoSlot[] = photosFromUrls(Array.from({ length: 9 }, (_, i) => `/img/${i}.jpg`));

  it("adds what fits and names the files that do not", () => {
    const { photos, upload, refused } = addPicked(nine, [file(0), file(1), file(2)]);
    expect(photos).toHaveLength(MAX_PHOTOS);
    expect(upload.map((f) => f.name)).toEqual(["photo-0.jpg"]);
    expect(refused).toEqual(["“photo-1.jpg” and “photo-2.jpg” were not added: a listing can have at most 10 photos."]);
  });

  it("uploads under way count toward the limit", () => {
    const first = addPicked(nine, [file(0)]);
    const second = addPicked(first.photos, [file(1)]);
    expect(second.upload).toEqual([]);
    expect(second.refused).toEqual(["“photo-1.jpg” was not added: a listing can have at most 10 photos."]);
  });

  it("a removed photo frees its place", () => {
    const full = addPicked(nine, [file(0)]).photos;
    expect(addPicked(removePhoto(full, "saved-3"), [file(1)]).upload).toHaveLength(1);
  });

  it("a file over 10 MB is refused before it is sent, and does not take a place", () => {
    const { photos, upload, refused } = addPicked(nine, [file(0, ImageLimits.maxBytes + 1), file(1, ImageLimits.maxBytes)]);
    expect(upload.map((f) => f.name)).toEqual(["photo-1.jpg"]);
    expect(photos).toHaveLength(10);
    expect(refused).toEqual(["“photo-0.jpg” is too large: photos can be at most 10 MB."]);
  });

  it("lists three or more names with commas", () => {
    expect(overLimitText(["a.jpg", "b.jpg", "c.jpg"])).toBe(
      "“a.jpg”, “b.jpg” and “c.jpg” were not added: a listing can have at most 10 photos.",
    );
  });

  it("the hint counts the photos", () => {
    expect(photoHint([])).toMatch(/ 0 of 10 photos\.$/);
    expect(photoHint(addPicked(nine, [file(0)]).photos)).toMatch(/10 of 10 photos: remove one to add another\.$/);
  });
});

describe("why a file was not added, in words", () => {
  it("names the file and the reason for each refusal code", () => {
    expect(refusalText("x.png", ImageErrorCodes.tooSmall)).toBe(
      "“x.png” is too small: photos need at least 200 pixels on the shorter side.",
    );
    expect(refusalText("fake.jpg", ImageErrorCodes.unsupported)).toBe(
      "“fake.jpg” is not a photo this site can use: choose a JPEG, PNG, WebP, AVIF or GIF image.",
    );
    expect(refusalText("big.tif", ImageErrorCodes.tooLarge)).toBe("“big.tif” is too large: photos can be at most 10 MB.");
    expect(refusalText("half.jpg", ImageErrorCodes.unreadable)).toBe(
      "“half.jpg” could not be read: the file seems to be damaged. Try another copy of it.",
    );
    expect(refusalText("huge.png", ImageErrorCodes.tooManyPixels)).toBe(
      "“huge.png” has too many pixels: photos can have at most 40 million. Make it smaller and try again.",
    );
    expect(refusalText("a.jpg", ImageErrorCodes.missing)).toBe("“a.jpg” did not arrive as a file. Try choosing it again.");
  });

  it("a refusal without the mesh's error body is told by its status", () => {
    expect(refusalText("big.jpg", "HTTP_413", 413)).toBe("“big.jpg” is too large: photos can be at most 10 MB.");
    expect(refusalText("a.jpg", "UNAUTHENTICATED", 401)).toBe(
      "“a.jpg” was not uploaded: your session has ended. Sign in again to add photos.",
    );
    expect(refusalText("a.jpg", "FORBIDDEN", 403)).toBe("“a.jpg” was not uploaded: only sellers can add photos.");
    expect(refusalText("a.jpg", "RATE_LIMITED", 429)).toBe("“a.jpg” was not uploaded: the server is busy. Try again in a moment.");
    expect(refusalText("a.jpg", "NETWORK", 0)).toBe(
      "“a.jpg” was not uploaded: the server could not be reached. Check your connection and try again.",
    );
  });

  it("anything else keeps the server's message, or asks to try again", () => {
    expect(refusalText("a.jpg", "STORAGE_DOWN", 503)).toMatch(/busy/);
    expect(refusalText("a.jpg", "SOMETHING", 500, "Storage failed.")).toBe("“a.jpg” was not uploaded: Storage failed.");
    expect(refusalText("a.jpg", "SOMETHING", 500)).toBe("“a.jpg” was not uploaded. Try again.");
  });

  it("quotes a very long or empty file name readably", () => {
    expect(quoted(`${"x".repeat(100)}.jpg`)).toBe(`“${"x".repeat(77)}…”`);
    expect(quoted("  ")).toBe("The file");
  });
});
