import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { imageStages, lintDockerfile } from "../../src/k8s/dockerfile.js";
import { renderedDrift, writeRendered } from "../../src/k8s/files.js";
import { RenderError, type RenderedFile, renderProfile } from "../../src/k8s/render.js";
import { loadManifest, type Manifest, ManifestError } from "../../src/manifest.js";
import { formatProblem } from "../../src/yaml-source.js";

const REPO = resolve(import.meta.dirname, "../../..");
const manifest = loadManifest(REPO);
// biome-ignore lint/suspicious/noExplicitAny: rendered YAML of many shapes, read by path in assertions
type Yaml = any;
type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: Yaml; rules?: Yaml[] };

const objectsOf = (files: RenderedFile[], path: string): Obj[] => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(", ")}`);
  return parseAllDocuments(file.content).map((d) => d.toJS() as Obj);
};
const one = (objects: Obj[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Obj;
};
const render = (profile: string, m: Manifest = manifest) => renderProfile(REPO, m, profile);
const podOf = (workload: Obj) => workload.spec.template;
const envOf = (workload: Obj) =>
  Object.fromEntries(podOf(workload).spec.containers[0].env.map((e: Yaml) => [e.name, e.value ?? e.valueFrom]));

function problemsOf(m: Manifest, profile: string): string[] {
  try {
    renderProfile(REPO, m, profile);
    return [];
  } catch (err) {
    if (err instanceof RenderError) return err.problems.map(formatProblem);
    throw err;
  }
}

describe("k8s/ in the repository", () => {
  it.each(Object.keys(manifest.profiles))("holds what profile %s renders (run: npm run mesh -- k8s)", (profile) => {
    expect(renderedDrift(join(REPO, "k8s", profile), render(profile))).toEqual([]);
  });
});

describe("a service's workload", () => {
  it("runs the manifest's command beside a sidecar told its app id, port, Configuration and token Secrets", () => {
    const gateway = one(objectsOf(render("redis"), "services/gateway.yaml"), "Deployment");
    const annotations = podOf(gateway).metadata.annotations;
    expect(annotations).toMatchObject({
      "dapr.io/enabled": "true",
      "dapr.io/app-id": "gateway",
      "dapr.io/app-port": String(manifest.services.gateway?.portBase),
      "dapr.io/config": "auction-mesh",
      "dapr.io/api-token-secret": "dapr-api-token",
      "dapr.io/app-token-secret": "app-api-token",
      "dapr.io/max-body-size": "16Mi",
    });
    const app = podOf(gateway).spec.containers[0];
    expect(app.command).toEqual(manifest.services.gateway?.command);
    expect(app.readinessProbe.httpGet.path).toBe("/healthz/ready");
    expect(app.livenessProbe.httpGet.path).toBe("/healthz/live");
    expect(app.securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    // The injector hands the tokens to daprd only: the app reads the same Secrets.
    expect(envOf(gateway)).toMatchObject({
      APP_ID: "gateway",
      APP_API_TOKEN: { secretKeyRef: { name: "app-api-token", key: "token" } },
      DAPR_API_TOKEN: { secretKeyRef: { name: "dapr-api-token", key: "token" } },
    });
  });

  it("gives a service with a database its DATABASE_URL from a Secret, and the Go service its binary's image path", () => {
    expect(envOf(one(objectsOf(render("redis"), "services/identity.yaml"), "Deployment")).DATABASE_URL).toEqual({
      secretKeyRef: { name: "database-urls", key: "identity" },
    });
    const audit = one(objectsOf(render("redis"), "services/audit.yaml"), "Deployment");
    expect(podOf(audit).spec.containers[0].command).toEqual(["/app/apps/audit/bin/audit"]);
    expect(envOf(audit).DATABASE_URL).toBeUndefined();
  });

  it("maps a loopback env value to its cluster value", () => {
    const notifications = one(objectsOf(render("redis"), "services/notifications.yaml"), "Deployment");
    expect(envOf(notifications).PUBLIC_URL).toBe(manifest.kubernetes?.values["http://127.0.0.1:7200"]);
  });

  it("scales the gateway on CPU, keeps a disruption budget, and never autoscales the actor host", () => {
    const gateway = objectsOf(render("redis"), "services/gateway.yaml");
    expect(one(gateway, "HorizontalPodAutoscaler").spec).toMatchObject({
      scaleTargetRef: { kind: "Deployment", name: "gateway" },
      minReplicas: 2,
      maxReplicas: 12,
    });
    expect(one(gateway, "PodDisruptionBudget").spec.maxUnavailable).toBe(1);
    const bidding = objectsOf(render("redis"), "services/bidding.yaml");
    expect(one(bidding, "Deployment").spec.replicas).toBe(2);
    expect(bidding.filter((o) => o.kind === "HorizontalPodAutoscaler")).toEqual([]);
  });

  it("pins a service whose profile keeps its Dapr state in files to one pod with a volume in its sidecar", () => {
    const files = render("default");
    const bidding = objectsOf(files, "services/bidding.yaml");
    const set = one(bidding, "StatefulSet");
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.volumeClaimTemplates[0].metadata.name).toBe("mesh-data");
    expect(podOf(set).metadata.annotations["dapr.io/volume-mounts-rw"]).toBe("mesh-data:/mesh/data");
    expect(files.find((f) => f.path === "services/bidding.yaml")?.content).toContain("# One pod, not 2:");
    const statestore = one(
      objectsOf(files, "components.yaml").filter((c) => c.metadata.name === "statestore"),
      "Component",
    );
    expect(statestore.spec.metadata).toContainEqual({ name: "connectionString", value: "file:/mesh/data/statestore.db" });
  });

  it("runs the gateway as a StatefulSet where its broadcast consumer is named after the pod", () => {
    const gateway = objectsOf(render("nats"), "services/gateway.yaml");
    const set = one(gateway, "StatefulSet");
    expect(podOf(set).metadata.annotations["dapr.io/env"]).toContain("MESH_BROADCAST_CONSUMER={podName}");
    expect(one(gateway, "HorizontalPodAutoscaler").spec.scaleTargetRef.kind).toBe("StatefulSet");
  });

  it("lets each sidecar read only the Secrets its components name: identity alone reaches the signing key", () => {
    const files = render("rabbitmq");
    const readers = Object.keys(manifest.services).map((s) => {
      const role = objectsOf(files, `services/${s}.yaml`).find((o) => o.kind === "Role");
      return [s, role?.rules?.[0].resourceNames ?? []] as const;
    });
    expect(readers.filter(([, names]) => names.includes("jwt-signing-key")).map(([s]) => s)).toEqual(["identity"]);
    expect(Object.fromEntries(readers).bidding).toContain("rabbitmq-connection-string");
  });
});

describe("the Dapr resources on a cluster", () => {
  it("keep each component's name, type and scopes; file secret stores become Kubernetes secret stores", () => {
    const local = parseAllDocuments(readFileSync(join(REPO, "components/rabbitmq/pubsub.yaml"), "utf8"))[0]?.toJS();
    const components = objectsOf(render("rabbitmq"), "components.yaml");
    const pubsub = components.find((c) => c.metadata.name === "pubsub") as Yaml;
    expect(pubsub.spec.type).toBe(local.spec.type);
    expect(pubsub.scopes).toEqual(local.scopes);
    expect(pubsub.spec.metadata).toContainEqual(local.spec.metadata[0]);
    expect(pubsub.metadata.namespace).toBe("auction-mesh");
    const secretstore = components.find((c) => c.metadata.name === "secretstore") as Yaml;
    expect(secretstore.spec).toMatchObject({ type: "secretstores.kubernetes", metadata: [] });
  });

  it("name the cluster's namespace and trust domain in access control, and send traces to its collector", () => {
    const config = one(objectsOf(render("redis"), "dapr-configuration.yaml"), "Configuration").spec;
    expect(config.nameResolution).toBeUndefined();
    expect(config.mtls).toBeUndefined();
    expect(config.tracing.otel.endpointAddress).toBe(manifest.kubernetes?.traces);
    expect(new Set(config.accessControl.policies.map((p: Yaml) => `${p.namespace}/${p.trustDomain}`))).toEqual(
      new Set(["auction-mesh/public"]),
    );
  });

  it("deny all traffic but DNS, sidecar to sidecar, the control plane, the servers and the gateway's port", () => {
    const policies = objectsOf(render("redis"), "network-policies.yaml");
    expect(policies.map((p) => p.metadata.name)).toEqual([
      "default-deny",
      "dns",
      "sidecar-to-sidecar",
      "dapr-control-plane",
      "servers",
      "gateway-public",
    ]);
    expect(policies[0]?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(policies[5]?.spec.ingress).toEqual([{ ports: [{ protocol: "TCP", port: 7200 }] }]);
  });
});

describe("what cannot be rendered", () => {
  const without = (change: (m: Manifest) => void): Manifest => {
    const m = structuredClone(manifest);
    change(m);
    return m;
  };

  it("refuses a loopback value with no cluster value, naming the file and field", () => {
    const m = without((x) => delete x.kubernetes?.values["127.0.0.1:6379"]);
    expect(problemsOf(m, "redis")).toContainEqual(
      expect.stringMatching(
        /^components\/redis\/pubsub\.yaml:\d+:\d+ {2}spec\.metadata\[0\]\.value: '127\.0\.0\.1:6379' is a loopback address/,
      ),
    );
    expect(problemsOf(m, "rabbitmq")).toEqual([]);
  });

  it("refuses an envRef with no sidecar value, and an app env left on loopback", () => {
    const m = without((x) => {
      delete x.kubernetes?.sidecarEnv.MESH_SMTP_PORT;
      delete x.kubernetes?.values["http://127.0.0.1:7200"];
    });
    const problems = problemsOf(m, "redis");
    expect(problems).toContainEqual(
      expect.stringMatching(/^components\/redis\/mail\.yaml:\d+:\d+ {2}spec\.metadata\[1\]\.envRef: 'MESH_SMTP_PORT'/),
    );
    expect(problems).toContainEqual(
      "auction-mesh.yaml  services.notifications.env.PUBLIC_URL: 'http://127.0.0.1:7200' is a loopback address: add its cluster value to kubernetes.values",
    );
  });

  it("refuses a manifest whose service has no cluster entry", () => {
    const root = mkdtempSync(join(tmpdir(), "mesh-k8s-"));
    const text = readFileSync(join(REPO, "auction-mesh.yaml"), "utf8");
    const cut = text.replace(/\n {4}audit:\n(?: {6}.*\n)+$/, "\n");
    expect(cut).not.toBe(text);
    writeFileSync(join(root, "auction-mesh.yaml"), cut);
    expect(() => loadManifest(root)).toThrow(ManifestError);
    try {
      loadManifest(root);
    } catch (err) {
      expect((err as ManifestError).problems.map(formatProblem)).toContainEqual(
        expect.stringContaining("kubernetes.services: no entry for service 'audit'"),
      );
    }
  });
});

describe("the drift check", () => {
  it("names files that differ, are missing or are no longer rendered", () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-k8s-drift-"));
    const files = [
      { path: "a.yaml", content: "a: 1\n" },
      { path: "services/b.yaml", content: "b: 1\n" },
    ];
    writeRendered(dir, files);
    expect(renderedDrift(dir, files)).toEqual([]);
    writeFileSync(join(dir, "a.yaml"), "a: 2\n");
    writeFileSync(join(dir, "services/old.yaml"), "old: 1\n");
    expect(renderedDrift(dir, [...files, { path: "c.yaml", content: "c: 1\n" }])).toEqual([
      "a.yaml: differs from a fresh render",
      "c.yaml: missing",
      "services/old.yaml: not rendered any more",
    ]);
    writeRendered(dir, files);
    expect(renderedDrift(dir, files)).toEqual([]);
  });
});

describe("the image builder (Dockerfile)", () => {
  const dockerfile = readFileSync(join(REPO, "Dockerfile"), "utf8");
  const lintWith = (from: string, to: string) => {
    expect(dockerfile, `fixture: '${from}'`).toContain(from);
    return lintDockerfile(dockerfile.replace(from, to), manifest).map(formatProblem);
  };
  const lineOf = (text: string) => dockerfile.split("\n").findIndex((l) => l.includes(text)) + 1;

  it("has a stage for every service's image, pinned, non-root, health-checked, in /app", () => {
    expect([...imageStages(manifest).keys()].sort()).toEqual(["audit", "node-service"]);
    expect(lintDockerfile(dockerfile, manifest)).toEqual([]);
  });

  it("names the line of a misspelled instruction", () => {
    expect(lintWith("WORKDIR /src", "WORKDR /src")).toContainEqual(
      expect.stringMatching(new RegExp(`^Dockerfile:${lineOf("WORKDIR /src")}:1 .*WORKDR`)),
    );
  });

  it("refuses a base image without a pinned tag", () => {
    expect(lintWith("ARG GO_IMAGE=golang:1.26.8-bookworm", "ARG GO_IMAGE=golang")).toContainEqual(
      expect.stringMatching(/^Dockerfile:\d+:1 {2}FROM: base image 'golang' has no pinned tag or digest$/),
    );
    expect(lintWith("ARG GO_IMAGE=golang:1.26.8-bookworm", "ARG GO_IMAGE=golang:latest")).toContainEqual(
      expect.stringContaining("'golang:latest'"),
    );
  });

  it("refuses an image stage that runs as root, has no health check or works elsewhere", () => {
    const nodeUser = "USER 10001:10001\nHEALTHCHECK --interval=10s --timeout=3s --start-period=30s";
    expect(lintWith(nodeUser, "HEALTHCHECK --interval=10s --timeout=3s --start-period=30s")).toContainEqual(
      expect.stringContaining("stage 'node-service' must run as USER 10001 (the uid the workloads require), not root"),
    );
    expect(
      lintWith(
        "USER 10001:10001\nHEALTHCHECK --interval=10s --timeout=3s --start-period=30s",
        "USER 0\nHEALTHCHECK --interval=10s --timeout=3s --start-period=30s",
      ),
    ).toContainEqual(expect.stringContaining("not 0"));
    expect(
      lintWith(
        'HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["/app/apps/audit/bin/audit", "healthcheck"]',
        "",
      ),
    ).toContainEqual(expect.stringContaining("stage 'audit' has no HEALTHCHECK"));
    expect(lintWith(" AS audit\nWORKDIR /app", " AS audit\nWORKDIR /srv")).toContainEqual(
      expect.stringContaining("stage 'audit' must work in /app"),
    );
  });

  it("refuses a Dockerfile without a service's stage", () => {
    expect(lintWith(" AS audit\n", " AS audit-image\n")).toContainEqual("Dockerfile  no stage 'audit' (the image of audit)");
  });
});
