import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deriveManifest } from "../../src/derive.js";
import { loadManifest } from "../../src/manifest.js";
import { planMesh } from "../../src/plan.js";
import { findPrometheus, PROMETHEUS_RULES_FILE, prometheusConfig } from "../../src/prometheus.js";

const REPO = resolve(import.meta.dirname, "../../..");
const TOKENS = { app: "a".repeat(48), dapr: "d".repeat(48), meilisearch: "m".repeat(48) };

interface Job {
  job_name: string;
  static_configs: { targets: string[]; labels: Record<string, string> }[];
}
const jobs = (text: string) => (parse(text) as { scrape_configs: Job[] }).scrape_configs;
const targets = (job: Job | undefined) => job?.static_configs.map((c) => [c.targets[0], c.labels.replica ?? c.labels.service]);

describe("prometheusConfig", () => {
  it("scrapes every replica's app and sidecar and the control plane, on the mesh's own ports", () => {
    const mesh = deriveManifest(REPO, { shift: 1000, replicas: { gateway: 2 }, prometheus: true });
    const config = prometheusConfig(REPO, loadManifest(REPO, { file: mesh.manifestFile }));
    const [apps, sidecars, controlPlane] = jobs(config);
    expect(targets(apps)).toEqual(
      expect.arrayContaining([
        ["127.0.0.1:8100", "bidding"],
        ["127.0.0.1:8200", "gateway"],
        ["127.0.0.1:8210", "gateway-1"],
        ["127.0.0.1:8900", "audit"],
      ]),
    );
    expect(targets(sidecars)).toEqual(
      expect.arrayContaining([
        ["127.0.0.1:8104", "bidding"],
        ["127.0.0.1:8214", "gateway-1"],
      ]),
    );
    expect(targets(controlPlane)).toEqual([
      ["127.0.0.1:7502", "placement"],
      ["127.0.0.1:7512", "scheduler"],
      ["127.0.0.1:7522", "sentry"],
    ]);
    expect(apps?.static_configs).toHaveLength(Object.keys(loadManifest(REPO).services).length + 1);
    expect((parse(config) as { rule_files: string[] }).rule_files).toEqual([resolve(REPO, PROMETHEUS_RULES_FILE)]);
  });
});

describe("the plan", () => {
  it("runs Prometheus on loopback with its data in the state folder when the profile embeds it", () => {
    const plan = planMesh(REPO, loadManifest(REPO), { prometheus: "/usr/bin/prometheus" }, TOKENS);
    const prometheus = plan.embedded.find((p) => p.name === "prometheus");
    expect(prometheus).toMatchObject({ command: "/usr/bin/prometheus", healthUrl: "http://127.0.0.1:6550/-/ready" });
    expect(prometheus?.args).toEqual(
      expect.arrayContaining(["--web.listen-address=127.0.0.1:6550", `--storage.tsdb.path=${REPO}/.mesh/data/prometheus`]),
    );
  });

  it("leaves Prometheus out of a test mesh unless it asks for it", () => {
    const plain = loadManifest(REPO, { file: deriveManifest(REPO, { shift: 1000 }).manifestFile });
    expect(plain.profiles.default?.embedded).not.toContain("prometheus");
    const observed = loadManifest(REPO, { file: deriveManifest(REPO, { shift: 1000, prometheus: true }).manifestFile });
    expect(observed.profiles.default?.embedded).toContain("prometheus");
  });
});

describe("findPrometheus", () => {
  it("takes MESH_PROMETHEUS_BIN, else looks on PATH, else finds none", () => {
    expect(findPrometheus({ MESH_PROMETHEUS_BIN: "/bin/sh" })).toBe("/bin/sh");
    expect(findPrometheus({ PATH: "/nowhere" })).toBeUndefined();
    expect(findPrometheus({ PATH: `/nowhere:${import.meta.dirname}/fixtures-bin` })).toBe(`${import.meta.dirname}/fixtures-bin/prometheus`);
    expect(findPrometheus({ MESH_PROMETHEUS_BIN: "/nowhere/prometheus", PATH: "/bin" })).toBeUndefined();
  });
});
