import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deriveManifest } from "../../src/derive.js";
import { jaegerConfig, meshDaprConfig, meshDaprConfigFile, OTLP_ENDPOINT_ENV } from "../../src/jaeger.js";
import { loadManifest } from "../../src/manifest.js";
import { planMesh } from "../../src/plan.js";

const REPO = resolve(import.meta.dirname, "../../..");
const TOKENS = { app: "a".repeat(48), dapr: "d".repeat(48), meilisearch: "m".repeat(48) };
/** Every process of the plan's services (apps and sidecars). */
const serviceProcesses = (plan: ReturnType<typeof planMesh>) =>
  plan.levels.flat().flatMap((s) => s.replicas.flatMap((r) => [r.app, r.sidecar]));
const traced = () => loadManifest(REPO, { file: deriveManifest(REPO, { shift: 1000, jaeger: true }).manifestFile });

/** Every `endpoint:` value anywhere in Jaeger's configuration. */
function endpoints(node: unknown): string[] {
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "endpoint" && typeof value === "string" ? [value] : endpoints(value)));
}

describe("jaegerConfig", () => {
  it("binds every listener to loopback on the mesh's own ports (its defaults bind every interface)", () => {
    const config = parse(jaegerConfig(traced()));
    expect(endpoints(config).sort()).toEqual(["127.0.0.1:7570", "127.0.0.1:7571", "127.0.0.1:7572", "127.0.0.1:7573"]);
    expect(config.receivers.otlp.protocols).toEqual({ http: { endpoint: "127.0.0.1:7570" } });
    expect(config.extensions.jaeger_query.http.endpoint).toBe("127.0.0.1:7571");
    expect(config.service.extensions).not.toContain("remote_sampling");
  });
});

describe("the sidecars' Configuration", () => {
  it("exports spans to the mesh's Jaeger, on its shifted port", () => {
    const config = parse(meshDaprConfig(REPO, traced()));
    expect(config.spec.tracing).toEqual({
      samplingRate: "1",
      otel: { endpointAddress: "127.0.0.1:7570", isSecure: false, protocol: "http" },
    });
    // The rest is dapr/config.yaml's, untouched.
    expect(config.spec.accessControl.defaultAction).toBe("deny");
  });

  it("exports nowhere when the profile embeds no Jaeger", () => {
    const plain = loadManifest(REPO, { file: deriveManifest(REPO, { shift: 1000 }).manifestFile });
    expect(parse(meshDaprConfig(REPO, plain)).spec.tracing).toEqual({ samplingRate: "1" });
  });
});

describe("the plan", () => {
  it("runs Jaeger, points sidecars at the generated Configuration and apps at Jaeger's OTLP endpoint", () => {
    const manifest = traced();
    const plan = planMesh(REPO, manifest, { jaeger: "/bin/jaeger" }, TOKENS);
    const stateDir = resolve(REPO, manifest.stateDir);
    expect(plan.embedded.find((p) => p.name === "jaeger")).toMatchObject({
      command: "/bin/jaeger",
      healthUrl: "http://127.0.0.1:7573/status",
      ports: { otlp: 7570, http: 7571, health: 7573 },
    });
    const gateway = serviceProcesses(plan).find((p) => p.name === "gateway");
    const sidecar = serviceProcesses(plan).find((p) => p.name === "gateway-dapr");
    expect(gateway?.env[OTLP_ENDPOINT_ENV]).toBe("http://127.0.0.1:7570");
    expect(sidecar?.args[sidecar.args.indexOf("--config") + 1]).toBe(meshDaprConfigFile(stateDir));
  });

  it("leaves Jaeger and every exporter out of a test mesh unless it asks for them", () => {
    const plain = loadManifest(REPO, { file: deriveManifest(REPO, { shift: 1000 }).manifestFile });
    const plan = planMesh(REPO, plain, {}, TOKENS);
    expect(plan.embedded.map((p) => p.name)).not.toContain("jaeger");
    expect(serviceProcesses(plan).find((p) => p.name === "gateway")?.env[OTLP_ENDPOINT_ENV]).toBeUndefined();
  });
});
