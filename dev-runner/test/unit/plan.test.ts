import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadManifest } from "../../src/manifest.js";
import { planMesh } from "../../src/plan.js";
import { daprRunFile } from "../../src/run-file.js";
import { envExports } from "../../src/sidecar-env.js";

const REPO = resolve(import.meta.dirname, "../../..");
const TOKENS = { app: "a".repeat(48), dapr: "d".repeat(48), meilisearch: "m".repeat(64) };

describe("planMesh", () => {
  const manifest = loadManifest(REPO);
  manifest.services.gateway = { ...(manifest.services.gateway as NonNullable<typeof manifest.services.gateway>), replicas: 2 };
  const plan = planMesh(REPO, manifest, { daprd: "/bin/daprd" }, TOKENS);

  it("starts every service after the ones it depends on", () => {
    const levels = plan.levels.map((l) => l.map((s) => s.service));
    expect(levels[0]).toEqual(expect.arrayContaining(["bidding", "identity", "notifications", "payments"]));
    expect(levels.at(-1)).toEqual(["gateway"]);
    expect(levels.flat().sort()).toEqual(Object.keys(manifest.services).sort());
    levels.forEach((level, i) => {
      const before = levels.slice(0, i).flat();
      for (const service of level) for (const dep of manifest.services[service]?.dependsOn ?? []) expect(before, service).toContain(dep);
    });
  });

  it("gives each replica its own port block and a sidecar bound to loopback", () => {
    const gateway = plan.levels.flat().find((s) => s.service === "gateway")?.replicas ?? [];
    expect(gateway.map((r) => r.app.name)).toEqual(["gateway", "gateway-1"]);
    expect(gateway.map((r) => r.app.env.APP_PORT)).toEqual(["7200", "7210"]);
    const args = gateway[1]?.sidecar.args ?? [];
    expect(args[args.indexOf("--dapr-http-port") + 1]).toBe("7211");
    expect(args[args.indexOf("--dapr-listen-addresses") + 1]).toBe("127.0.0.1");
  });

  it("lets the sidecars of the apps that take photo uploads pass bodies above daprd's 4 MiB default, and no others", () => {
    const sidecarArgs = (service: string) => plan.levels.flat().find((s) => s.service === service)?.replicas[0]?.sidecar.args ?? [];
    for (const service of ["gateway", "media"]) {
      const args = sidecarArgs(service);
      expect(args[args.indexOf("--max-body-size") + 1], service).toBe("16Mi");
    }
    expect(sidecarArgs("bidding")).not.toContain("--max-body-size");
    const runFile = parse(daprRunFile(loadManifest(REPO), REPO, `${REPO}/dapr.yaml`));
    expect(runFile.apps.find((a: { appID: string }) => a.appID === "media")).toMatchObject({ maxBodySize: "16Mi" });
  });

  it("claims no port twice", () => {
    const ports = plan.ports.map((p) => p.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it("hands both API tokens to apps and sidecars", () => {
    const bidding = plan.levels[0]?.[0]?.replicas[0];
    expect(bidding?.app.env).toMatchObject({ APP_API_TOKEN: TOKENS.app, DAPR_API_TOKEN: TOKENS.dapr });
    expect(bidding?.sidecar.env).toMatchObject({ APP_API_TOKEN: TOKENS.app, DAPR_API_TOKEN: TOKENS.dapr });
  });

  it("starts sentry on loopback and runs placement, scheduler and every sidecar with mTLS", () => {
    expect(plan.controlPlane.map((p) => p.name)).toEqual(["sentry", "placement", "scheduler"]);
    const [sentry, placement, scheduler] = plan.controlPlane;
    const arg = (args: string[] | undefined, flag: string) => args?.[args.indexOf(flag) + 1];
    expect(arg(sentry?.args, "--listen-address")).toBe("127.0.0.1");
    expect(arg(sentry?.args, "--issuer-credentials")).toBe(resolve(REPO, ".mesh/sentry"));
    expect(plan.ports.filter((c) => c.owner.startsWith("sentry")).map((c) => c.port)).toEqual([6520, 6521, 6522]);
    for (const p of [placement, scheduler]) {
      expect(p?.args).toContain("--tls-enabled");
      expect(arg(p?.args, "--trust-anchors-file")).toBe(resolve(REPO, ".mesh/sentry/ca.crt"));
      expect(arg(p?.args, "--sentry-address")).toBe("127.0.0.1:6520");
    }
    const sidecar = plan.levels[0]?.[0]?.replicas[0]?.sidecar;
    expect(sidecar?.args).toContain("--enable-mtls");
    expect(arg(sidecar?.args, "--sentry-address")).toBe("127.0.0.1:6520");
    expect(sidecar?.envFromFiles).toEqual({ DAPR_TRUST_ANCHORS: resolve(REPO, ".mesh/sentry/ca.crt") });
  });

  it("starts the embedded PostgreSQL and broker only for profiles that need them, and the SMTP server, search engine and Prometheus for all", () => {
    // In this order (servers added later come after them).
    expect(plan.embedded.map((p) => p.name).slice(0, 5)).toEqual(["postgres", "nats", "mailpit", "meilisearch", "prometheus"]);
    const redis = planMesh(REPO, loadManifest(REPO, { profile: "redis" }), {}, TOKENS).embedded.map((p) => p.name);
    expect(redis.slice(0, 3)).toEqual(["mailpit", "meilisearch", "prometheus"]);
    expect(redis).not.toContain("postgres");
    expect(redis).not.toContain("nats");
  });
});

describe("daprRunFile", () => {
  it("describes the same apps, ports and resources for dapr run -f", () => {
    const text = daprRunFile(loadManifest(REPO), REPO, `${REPO}/dapr.yaml`);
    expect(text).not.toContain(TOKENS.app);
    const file = parse(text);
    expect(file.common.resourcesPaths).toEqual(["components/default", "dapr/subscriptions", "dapr/resiliency", ".mesh/resources"]);
    expect(file.common.schedulerHostAddress).toBe("127.0.0.1:6510");
    const bidding = file.apps.find((a: { appID: string }) => a.appID === "bidding");
    // Apps and sidecars run from the state folder (.mesh): file arguments are relative to it.
    expect(bidding).toMatchObject({
      appDirPath: ".mesh",
      appPort: 7100,
      daprHTTPPort: 7101,
      command: ["node", "../apps/bidding/dist/main.js"],
    });
  });

  it("finds the Go service's binary and its schemas from the state folder, and leaves other values alone", () => {
    const file = parse(daprRunFile(loadManifest(REPO), REPO, `${REPO}/dapr.yaml`));
    const audit = file.apps.find((a: { appID: string }) => a.appID === "audit");
    expect(audit.command).toEqual(["../apps/audit/bin/audit"]);
    expect(audit.env.AUDIT_SCHEMAS_DIR).toBe("../mesh/contracts/schemas");
    const identity = file.apps.find((a: { appID: string }) => a.appID === "identity");
    expect(identity.env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:6560/auction_identity");
  });

  it("hands each app its database on the profile's PostgreSQL, as the runner does", () => {
    for (const [profile, server] of [
      ["default", "127.0.0.1:6560"],
      ["redis", "127.0.0.1:5432"],
      ["postgres", "127.0.0.1:5432"],
    ] as const) {
      const manifest = loadManifest(REPO, { profile });
      const file = parse(daprRunFile(manifest, REPO, `${REPO}/dapr.yaml`));
      const apps = planMesh(REPO, manifest, {}, TOKENS)
        .levels.flat()
        .flatMap((s) => s.replicas.map((r) => r.app));
      for (const [service, database] of [
        ["auctions", "auction_catalogue"],
        ["payments", "auction_payments"],
      ]) {
        const url = `postgresql://postgres@${server}/${database}`;
        expect(file.apps.find((a: { appID: string }) => a.appID === service).env.DATABASE_URL, `${profile} ${service}`).toBe(url);
        expect(apps.find((a) => a.name === service)?.env.DATABASE_URL, `${profile} ${service}`).toBe(url);
      }
      expect(file.apps.find((a: { appID: string }) => a.appID === "bidding").env.DATABASE_URL).toBeUndefined();
    }
  });
});

describe("envExports", () => {
  it("quotes values so a multi-line PEM (and a quote in it) survives eval", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nab'c\n-----END CERTIFICATE-----\n";
    const text = envExports({ DAPR_TRUST_ANCHORS: pem, DAPR_HOST_IP: "127.0.0.1" });
    expect(text).toBe(
      `export DAPR_TRUST_ANCHORS='-----BEGIN CERTIFICATE-----\nab'\\''c\n-----END CERTIFICATE-----\n'\nexport DAPR_HOST_IP='127.0.0.1'\n`,
    );
  });
});
