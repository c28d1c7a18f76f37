import { ApiErrorBody, AppIds, ImageErrorCodes, ImageFileName, ImageLimits, MediaRoutes, UploadedImage } from "@auction-mesh/contracts";
import { HttpError, type MeshEnv, SidecarHttp } from "@auction-mesh/service-kit";
import express, { type RequestHandler, type Response, type Router } from "express";
import multer from "multer";
import { forwardedAuth } from "./proxy.js";

/** An upload is checked and rendered in media (sharp); a large photo takes a while on a busy machine. */
const UPLOAD_TIMEOUT_MS = 30_000;
const FILE_TIMEOUT_MS = 10_000;

/** The answer's headers a photo keeps on its way to the browser. */
const FILE_HEADERS = ["content-type", "cache-control", "x-content-type-options"];

/** One file in the field `image`, held in memory and refused past the limit before it is read whole. */
function oneImage(): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: ImageLimits.maxBytes, files: 1, fields: 0 } }).single(
    "image",
  );
  return (req, res, next) => {
    parse(req, res, (err: unknown) => next(err === undefined ? undefined : uploadRefusal(err)));
  };
}

function uploadRefusal(err: unknown): HttpError {
  if (err instanceof multer.MulterError) {
    if (err.code === "LIMIT_FILE_SIZE")
      return new HttpError(413, ImageErrorCodes.tooLarge, `a photo may be at most ${ImageLimits.maxBytes / 1024 / 1024} MiB`);
    return new HttpError(400, "BAD_UPLOAD", `send one file in the multipart field 'image' (${err.message})`);
  }
  return new HttpError(400, "BAD_UPLOAD", `the multipart body could not be read: ${(err as Error).message}`);
}

/** media's 4xx answers (and a shed 503) reach the client as they are; any other failure is media's or the mesh's: 502. */
async function failureOf(answer: globalThis.Response, what: string): Promise<HttpError> {
  const text = await answer.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = ApiErrorBody.safeParse(body);
  if (error.success && (answer.status < 500 || answer.status === 503))
    return new HttpError(answer.status, error.data.code, error.data.message, error.data.details);
  return new HttpError(502, "UPSTREAM_FAILED", `${AppIds.media}/${what} failed: status ${answer.status}`, undefined, text.slice(0, 500));
}

/** Lot photos: a seller's upload (multipart) and the stored files, both answered by media. */
export function imageRoutes(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_HTTP_PORT" | "DAPR_API_TOKEN">): Router {
  const router = express.Router();
  const media = new SidecarHttp(config, `/v1.0/invoke/${AppIds.media}/method`);

  router.post("/api/images", oneImage(), async (req, res) => {
    if (!req.file) throw new HttpError(400, ImageErrorCodes.missing, "send the photo as multipart/form-data in the field 'image'");
    const answer = await media.send(
      `/${MediaRoutes.upload}`,
      "POST",
      { "content-type": "application/octet-stream", ...forwardedAuth(req) },
      req.file.buffer,
      UPLOAD_TIMEOUT_MS,
    );
    if (!answer.ok) throw await failureOf(answer, MediaRoutes.upload);
    const uploaded = UploadedImage.safeParse(await answer.json());
    if (!uploaded.success) throw new HttpError(502, "UPSTREAM_CONTRACT_BROKEN", `${AppIds.media} answered an upload outside its contract`);
    res.status(201).json(uploaded.data);
  });

  router.get("/api/images/:name", async (req, res) => {
    const name = req.params.name;
    if (!ImageFileName.safeParse(name).success)
      throw new HttpError(400, "BAD_IMAGE_NAME", "not an image file name (<32 hex>-display.webp or -thumb.webp)");
    const answer = await media.send(`/${MediaRoutes.files}/${name}`, "GET", {}, undefined, FILE_TIMEOUT_MS);
    if (!answer.ok) throw await failureOf(answer, MediaRoutes.files);
    sendFile(res, answer, Buffer.from(await answer.arrayBuffer()));
  });

  return router;
}

function sendFile(res: Response, answer: globalThis.Response, bytes: Buffer): void {
  for (const name of FILE_HEADERS) {
    const value = answer.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.send(bytes);
}
