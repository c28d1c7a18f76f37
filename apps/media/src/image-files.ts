import { Components } from "@auction-mesh/contracts";
import { HttpError, type MeshEnv, SidecarHttp } from "@auction-mesh/service-kit";

/** Binding calls wait at most this long (a display file is well under a MiB). */
const BINDING_TIMEOUT_MS = 15_000;

/**
 * Photo files, kept through the `images` output binding (bindings.localstorage in every
 * profile; S3, Azure Blob or GCS by swapping the YAML): media never touches a file system.
 * Names are content hashes, so a write of a name that exists writes the same bytes again.
 */
export class ImageFiles {
  private readonly binding: SidecarHttp;

  constructor(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_HTTP_PORT" | "DAPR_API_TOKEN">) {
    this.binding = new SidecarHttp(config, `/v1.0/bindings/${Components.images}`);
  }

  /** Bindings take bytes as base64 text; localstorage (and the blob stores) decode it. */
  async put(name: string, bytes: Buffer): Promise<void> {
    await this.call({ operation: "create", data: bytes.toString("base64"), metadata: { fileName: name } }, `store ${name}`);
  }

  async get(name: string): Promise<Buffer> {
    const res = await this.call({ operation: "get", metadata: { fileName: name } }, `read ${name}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(name: string): Promise<void> {
    await this.call({ operation: "delete", metadata: { fileName: name } }, `delete ${name}`);
  }

  private async call(request: { operation: string; data?: string; metadata: Record<string, string> }, what: string): Promise<Response> {
    const res = await this.binding.request("", "POST", request, BINDING_TIMEOUT_MS);
    if (!res.ok) {
      const detail = (await res.text()).slice(0, 300);
      throw new HttpError(502, "IMAGE_STORE_FAILED", `could not ${what} through the ${Components.images} binding: ${res.status} ${detail}`);
    }
    return res;
  }
}
