import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { apiReply } from "../../src/dashboard.js";
import { deriveManifest } from "../../src/derive.js";
import { loadManifest } from "../../src/manifest.js";
import {
  BinaryChecksumError,
  MeilisearchEnvNames,
  meilisearchEndpointYaml,
  meilisearchEnv,
  pinnedMeilisearchSha256,
  sha256OfFile,
  verifyBinary,
} from "../../src/meilisearch.js";
import { planMesh } from "../../src/plan.js";
import { loadOrCreateTokens } from "../../src/runner-state.js";

const REPO = resolve(import.meta.dirname, "../../..");
const TOKENS = { app: "a".repeat(48), dapr: "d".repeat(48), meilisearch: "k".repeat(64) };
/** What `meilisearch --version` of the npm package's binary printed as 1.21.0 (see dapr/runtime/tools.env). */
const MEILISEARCH_1_21_0_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";

const arg = (args: string[] | undefined, flag: string) => args?.[args.indexOf(flag) + 1];
const apps = (plan: ReturnType<typeof planMesh>) => plan.levels.flat().flatMap((s) => s.replicas);

describe("the embedded Meilisearch", () => {
  it("is in every profile, on loopback, its data under the state folder, its key in its environment only", () => {
    const manifest = loadManifest(REPO);
    for (const profile of Object.keys(manifest.profiles)) {
      const plan = planMesh(REPO, loadManifest(REPO, { profile }), { meilisearch: "/bin/meilisearch" }, TOKENS);
      expect(
        plan.embedded.find((p) => p.name === "meilisearch"),
        profile,
      ).toBeDefined();
    }
    const plan = planMesh(REPO, manifest, { meilisearch: "/bin/meilisearch" }, TOKENS);
    const meili = plan.embedded.find((p) => p.name === "meilisearch");
    const data = resolve(REPO, ".mesh/data");
    expect(meili).toMatchObject({
      kind: "embedded",
      command: "/bin/meilisearch",
      cwd: resolve(REPO, ".mesh"),
      env: { MEILI_MASTER_KEY: TOKENS.meilisearch, NO_COLOR: "1" },
      healthUrl: "http://127.0.0.1:6540/health",
      ports: { http: 6540 },
      restart: true,
    });
    expect(meili?.args).toEqual([
      "--http-addr",
      "127.0.0.1:6540",
      "--db-path",
      `${data}/meilisearch`,
      "--dump-dir",
      `${data}/meilisearch-dumps`,
      "--snapshot-dir",
      `${data}/meilisearch-snapshots`,
      "--env",
      "development",
      "--no-analytics",
      "--log-level",
      "WARN",
    ]);
    // Not on the command line, which every user of the machine can read.
    expect(meili?.args.join(" ")).not.toContain(TOKENS.meilisearch);
    expect(plan.ports).toContainEqual({ port: 6540, owner: "meilisearch http" });
  });

  it("gives every app its URL and key (a service's own env may override them), and no sidecar the key", () => {
    const manifest = loadManifest(REPO);
    manifest.services.payments = {
      ...(manifest.services.payments as NonNullable<typeof manifest.services.payments>),
      env: { [MeilisearchEnvNames.url]: "http://127.0.0.1:9999" },
    };
    const replicas = apps(planMesh(REPO, manifest, {}, TOKENS));
    expect(replicas.length).toBeGreaterThan(0);
    for (const { app, sidecar } of replicas) {
      expect(app.env[MeilisearchEnvNames.key], app.name).toBe(TOKENS.meilisearch);
      expect(app.env[MeilisearchEnvNames.url], app.name).toBe(
        app.service === "payments" ? "http://127.0.0.1:9999" : "http://127.0.0.1:6540",
      );
      expect(Object.values(sidecar.env), sidecar.name).not.toContain(TOKENS.meilisearch);
    }
    // What `npm run mesh -- env` adds for `dapr run -f`.
    expect(meilisearchEnv(loadManifest(REPO), TOKENS)).toEqual({
      MESH_MEILISEARCH_URL: "http://127.0.0.1:6540",
      MESH_MEILISEARCH_KEY: TOKENS.meilisearch,
    });
  });

  it("is left out, with its variables, for a profile that does not embed it", () => {
    const manifest = loadManifest(REPO, { profile: "redis" });
    const redis = manifest.profiles.redis as NonNullable<typeof manifest.profiles.redis>;
    redis.embedded = redis.embedded.filter((e) => e !== "meilisearch");
    const plan = planMesh(REPO, manifest, {}, TOKENS);
    expect(plan.embedded.map((p) => p.name)).not.toContain("meilisearch");
    expect(plan.ports.map((p) => p.owner)).not.toContain("meilisearch http");
    for (const { app } of apps(plan)) expect(Object.keys(app.env)).not.toContain(MeilisearchEnvNames.url);
    expect(meilisearchEnv(manifest, TOKENS)).toEqual({});
  });

  it("moves with a derived mesh's ports", () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-unit-" });
    const manifest = loadManifest(REPO, { file: mesh.manifestFile });
    expect(manifest.embedded.meilisearch.port).toBe(11540);
    const plan = planMesh(REPO, manifest, {}, TOKENS);
    const meili = plan.embedded.find((p) => p.name === "meilisearch");
    expect(arg(meili?.args, "--http-addr")).toBe("127.0.0.1:11540");
    expect(arg(meili?.args, "--db-path")).toBe(join(mesh.stateDir, "data", "meilisearch"));
    expect(meili?.healthUrl).toBe("http://127.0.0.1:11540/health");
    for (const { app } of apps(plan)) expect(app.env[MeilisearchEnvNames.url]).toBe("http://127.0.0.1:11540");
  });

  it("keeps its master key across starts of one state folder, and adds one to an older tokens file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-unit-"));
    const file = join(dir, "tokens.json");
    const first = loadOrCreateTokens(file);
    expect(first.meilisearch).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateTokens(file);
    expect(again).toEqual(first);
    const key = (tokens: typeof first) =>
      planMesh(REPO, { ...loadManifest(REPO), stateDir: dir }, {}, tokens).embedded.find((p) => p.name === "meilisearch")?.env
        .MEILI_MASTER_KEY;
    expect(key(again)).toBe(key(first));
    expect(loadOrCreateTokens(join(mkdtempSync(join(tmpdir(), "mesh-unit-")), "tokens.json")).meilisearch).not.toBe(first.meilisearch);

    const older = join(mkdtempSync(join(tmpdir(), "mesh-unit-")), "tokens.json");
    writeFileSync(older, JSON.stringify({ app: "a1", dapr: "d1" }), { mode: 0o600 });
    const upgraded = loadOrCreateTokens(older);
    expect(upgraded).toMatchObject({ app: "a1", dapr: "d1" });
    expect(upgraded.meilisearch).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(older, "utf8"))).toEqual(upgraded);
    expect(loadOrCreateTokens(older)).toEqual(upgraded);
  });

  it("has a health link on the dashboard", async () => {
    const meili = planMesh(REPO, loadManifest(REPO), {}, TOKENS).embedded.find((p) => p.name === "meilisearch");
    if (!meili) throw new Error("no meilisearch process");
    const source = { processes: [{ spec: meili, recent: [] }], status: async () => [], sidecarMetadata: async () => ({}) };
    const reply = await apiReply(source, "m", "default", "/api/status");
    expect((reply.body as { links: Record<string, unknown> }).links.meilisearch).toContainEqual({
      label: "health",
      url: "http://127.0.0.1:6540/health",
    });
  });
});

describe("the Meilisearch binary's checksum", () => {
  it("is pinned once, in dapr/runtime/tools.env, which install-tools.sh and the runner both read", () => {
    expect(pinnedMeilisearchSha256(REPO)).toBe(MEILISEARCH_1_21_0_SHA256);
    const toolsEnv = readFileSync(join(REPO, "dapr/runtime/tools.env"), "utf8");
    expect(toolsEnv).toMatch(/^MEILISEARCH_VERSION=1\.21\.0$/m);
  });

  it("accepts the pinned file and refuses another, naming the file, the expected and the actual hash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-unit-"));
    const file = join(dir, "meilisearch");
    writeFileSync(file, "#!/bin/sh\necho not meilisearch\n", { mode: 0o755 });
    const actual = createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(await sha256OfFile(file)).toBe(actual);
    await expect(verifyBinary(file, actual)).resolves.toBeUndefined();

    const link = join(dir, "linked");
    symlinkSync(file, link);
    const refused = await verifyBinary(link, MEILISEARCH_1_21_0_SHA256).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(BinaryChecksumError);
    const message = (refused as Error).message;
    expect(message).toContain(`refusing to start ${link} (→ ${file})`);
    expect(message).toContain(`expected ${MEILISEARCH_1_21_0_SHA256}`);
    expect(message).toContain(`actual   ${actual}`);
    expect(message).toContain("npm run setup");
  });

  it("says which file it cannot read", async () => {
    await expect(verifyBinary("/nonexistent/meilisearch", MEILISEARCH_1_21_0_SHA256)).rejects.toThrow("/nonexistent/meilisearch");
  });
});

describe("the HTTPEndpoint search calls Meilisearch through", () => {
  it("points at the mesh's own Meilisearch port, for search alone, with no secret in it", () => {
    const manifest = loadManifest(REPO, { profile: "default" });
    const shifted = { ...manifest, embedded: { ...manifest.embedded, meilisearch: { port: 16540 } } };
    const yaml = meilisearchEndpointYaml(shifted);
    expect(yaml).toContain("kind: HTTPEndpoint");
    expect(yaml).toContain("name: meilisearch");
    expect(yaml).toContain("baseUrl: http://127.0.0.1:16540");
    expect(yaml).toMatch(/scopes:\n {2}- search\n/);
    expect(yaml).not.toMatch(/key|token|authorization/i);
  });
});
