import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { AppIds, HttpEndpoints } from "@auction-mesh/contracts";
import type { Manifest } from "./manifest.js";
import type { ProcessSpec, Tokens } from "./plan/types.js";

/**
 * The variables every app of a profile that embeds Meilisearch gets (the search service reads
 * them; other apps ignore them). The runner sets them on each app; for `dapr run -f`,
 * `npm run mesh -- env` prints them with the API tokens. The key is the instance's master key.
 */
export const MeilisearchEnvNames = {
  url: "MESH_MEILISEARCH_URL",
  key: "MESH_MEILISEARCH_KEY",
} as const;

/** Where dapr/runtime/install-tools.sh reads the pins (the version and sha256 of the binary). */
export const TOOLS_ENV_FILE = "dapr/runtime/tools.env";
const SHA256_PIN = "MEILISEARCH_SHA256";

export const embedsMeilisearch = (manifest: Manifest): boolean =>
  manifest.profiles[manifest.profile]?.embedded.includes("meilisearch") ?? false;

export const meilisearchUrl = (manifest: Manifest): string => `http://127.0.0.1:${manifest.embedded.meilisearch.port}`;

/** Where the runner writes the Dapr resources it generates for a mesh (sidecars load them too). */
export const generatedResourcesDir = (stateDir: string): string => resolve(stateDir, "resources");

/**
 * The HTTPEndpoint through which search reaches Meilisearch via its sidecar, so the resiliency
 * policy of target `meilisearch` (dapr/resiliency) guards every call. Generated because the port
 * moves with the mesh (tests, benchmarks shift it) and HTTPEndpoint has no envRef; no secret in
 * it (search sends its key itself). An operator writes their own, pointing at their Meilisearch.
 */
export function meilisearchEndpointYaml(manifest: Manifest): string {
  return [
    "# Written by the dev runner for this mesh (see dev-runner/src/meilisearch.ts); not edited by hand.",
    "apiVersion: dapr.io/v1alpha1",
    "kind: HTTPEndpoint",
    "metadata:",
    `  name: ${HttpEndpoints.meilisearch}`,
    "spec:",
    `  baseUrl: ${meilisearchUrl(manifest)}`,
    "scopes:",
    `  - ${AppIds.search}`,
    "",
  ].join("\n");
}

/** Writes the generated resources of a mesh (nothing when its profile embeds no Meilisearch). */
export function writeGeneratedResources(stateDir: string, manifest: Manifest): void {
  const dir = generatedResourcesDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, "meilisearch.yaml");
  if (embedsMeilisearch(manifest)) writeFileSync(file, meilisearchEndpointYaml(manifest));
  else rmSync(file, { force: true });
}

/** MESH_MEILISEARCH_URL and MESH_MEILISEARCH_KEY, or nothing when the profile does not embed it. */
export function meilisearchEnv(manifest: Manifest, tokens: Tokens): Record<string, string> {
  if (!embedsMeilisearch(manifest)) return {};
  return { [MeilisearchEnvNames.url]: meilisearchUrl(manifest), [MeilisearchEnvNames.key]: tokens.meilisearch };
}

/**
 * Meilisearch on loopback, its indexes, dumps and snapshots under the state folder (they survive
 * a restart of the runner). The master key goes in the environment (MEILI_MASTER_KEY), not on
 * the command line, where any user of the machine could read it (`ps`). It runs from the state
 * folder, so a `config.toml` that happens to lie in the repository is not read.
 */
export function meilisearchProcess(stateDir: string, manifest: Manifest, command: string, tokens: Tokens): ProcessSpec {
  const { port } = manifest.embedded.meilisearch;
  const data = (name: string) => resolve(stateDir, "data", name);
  return {
    name: "meilisearch",
    kind: "embedded",
    command,
    args: [
      "--http-addr",
      `127.0.0.1:${port}`,
      "--db-path",
      data("meilisearch"),
      "--dump-dir",
      data("meilisearch-dumps"),
      "--snapshot-dir",
      data("meilisearch-snapshots"),
      "--env",
      "development",
      // No telemetry: nothing leaves the machine, and it runs offline.
      "--no-analytics",
      "--log-level",
      "WARN",
    ],
    cwd: stateDir,
    // NO_COLOR: plain log lines (its WARN lines carry ANSI colours otherwise, even into a file).
    env: { MEILI_MASTER_KEY: tokens.meilisearch, NO_COLOR: "1" },
    healthUrl: `http://127.0.0.1:${port}/health`,
    ports: { http: port },
    restart: true,
  };
}

/** The sha256 dapr/runtime/install-tools.sh accepted the binary with (MEILISEARCH_SHA256 in tools.env). */
export function pinnedMeilisearchSha256(root: string): string {
  const file = resolve(root, TOOLS_ENV_FILE);
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${SHA256_PIN}=`));
  const value = line?.slice(SHA256_PIN.length + 1).trim();
  if (!value || !/^[0-9a-f]{64}$/.test(value)) throw new Error(`${file} has no ${SHA256_PIN}=<64 hex digits>`);
  return value;
}

export class BinaryChecksumError extends Error {}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("error", reject)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolveHash(hash.digest("hex")));
  });
}

/**
 * Refuses a binary whose sha256 is not the pinned one (a corrupted cache, or another file put
 * in its place), naming the file (and what its link points to), the expected and the actual hash.
 */
export async function verifyBinary(file: string, expected: string): Promise<void> {
  const actual = await sha256OfFile(file);
  if (actual === expected) return;
  let target = file;
  try {
    target = realpathSync(file);
  } catch {
    // read above, so it exists
  }
  throw new BinaryChecksumError(
    [
      `refusing to start ${file}${target !== file ? ` (→ ${target})` : ""}: its sha256 is not the pinned one`,
      `  expected ${expected} (${SHA256_PIN} in ${TOOLS_ENV_FILE})`,
      `  actual   ${actual}`,
      "run 'npm run setup' to fetch the pinned binary again",
    ].join("\n"),
  );
}
