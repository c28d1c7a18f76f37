import { AppIds, ImageErrorCodes, ImageFileName, ImageLimits, MediaRoutes, UploadedImage } from "@auction-mesh/contracts";
import { calleeFailure, HttpError, type MeshEnv, SidecarHttp } from "@auction-mesh/service-kit";
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

/** media's failed answer, as every call to a service is passed on (calleeFailure). */
async function failureOf(answer: globalThis.Response, what: string): Promise<HttpError> {
  const text = await answer.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (daprd's own errors are JSON; a proxy's may not be): kept as it is
  }
  return calleeFailure(`${AppIds.media}/${what}`, { status: answer.status, body });
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
