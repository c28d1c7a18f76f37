import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMesh } from "../../src/check.js";
import { loadManifest } from "../../src/manifest.js";
import { formatProblem } from "../../src/yaml-source.js";

const REPO = resolve(import.meta.dirname, "../../..");

/** A copy of the repo's manifest and Dapr YAML to break in one place. */
function sandbox(): string {
  const root = mkdtempSync(join(tmpdir(), "mesh-check-"));
  for (const p of ["auction-mesh.yaml", "components", "dapr/config.yaml", "dapr/subscriptions", "dapr/resiliency"])
    cpSync(join(REPO, p), join(root, p), { recursive: true });
  return root;
}

function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`fixture: '${from}' not in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

function problems(root: string, profile?: string): string[] {
  return checkMesh({ root, manifest: loadManifest(root, { profile }) }).problems.map(formatProblem);
}

describe("checkMesh", () => {
  it("accepts the repository's own YAML for every profile", () => {
    for (const profile of ["default", "redis"]) expect(problems(REPO, profile)).toEqual([]);
  });

  it("rejects a misspelled component field, naming file, line and path", () => {
    const root = sandbox();
    edit(root, "components/default/pubsub.yaml", "  metadata:\n    - name: natsURL", "  metdata:\n    - name: natsURL");
    const found = problems(root);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^components\/default\/pubsub\.yaml:\d+:\d+ {2}spec\.metdata: unknown key 'metdata'/);
  });

  it("rejects a bad duration in the resiliency policy", () => {
    const root = sandbox();
    edit(root, "dapr/resiliency/resiliency.yaml", "invoke: 5s", "invoke: 5 seconds");
    expect(problems(root)).toEqual([
      expect.stringMatching(/resiliency\.yaml:\d+:\d+ {2}spec\.policies\.timeouts\.invoke: must be a Go duration/),
    ]);
  });

  it("rejects a reference to a policy that does not exist", () => {
    const root = sandbox();
    edit(
      root,
      "dapr/resiliency/resiliency.yaml",
      "retry: transient\n        circuitBreaker: sidecarToApp\n        circuitBreakerScope",
      "retry: transiant\n        circuitBreaker: sidecarToApp\n        circuitBreakerScope",
    );
    expect(problems(root)).toEqual([expect.stringMatching(/targets\.actors\.AuctionActor\.retry: no retry policy named 'transiant'/)]);
  });

  it("rejects a plaintext credential", () => {
    const root = sandbox();
    edit(
      root,
      "components/redis/pubsub.yaml",
      '      value: "127.0.0.1:6379"',
      '      value: "127.0.0.1:6379"\n    - name: redisPassword\n      value: "hunter2"',
    );
    expect(problems(root, "redis")).toEqual([expect.stringMatching(/'redisPassword' is a credential: use secretKeyRef/)]);
  });

  it("rejects a component without scopes and a scope naming an unknown app", () => {
    const root = sandbox();
    edit(root, "components/default/statestore.yaml", "scopes:\n  - bidding", "scopes:\n  - biding");
    edit(root, "components/default/pubsub.yaml", "scopes:\n  - bidding\n  - gateway\n", "");
    const found = problems(root);
    expect(found).toContainEqual(expect.stringMatching(/statestore\.yaml:\d+:\d+ {2}scopes\[0\]: unknown app id 'biding'/));
    expect(found).toContainEqual(expect.stringMatching(/pubsub\.yaml.*every component lists the app ids/));
  });

  it("rejects a subscription to a pub/sub component the profile does not have", () => {
    const root = sandbox();
    edit(root, "dapr/subscriptions/gateway.yaml", "pubsubname: pubsub", "pubsubname: events");
    expect(problems(root)).toEqual([
      expect.stringMatching(/gateway\.yaml:\d+:\d+ {2}spec\.pubsubname: no pub\/sub component named 'events'/),
    ]);
  });

  it("rejects a component type the built daprd does not have", () => {
    const found = checkMesh({ root: REPO, manifest: loadManifest(REPO), componentTypes: new Set(["state.redis"]) }).problems.map(
      formatProblem,
    );
    expect(found).toContainEqual(expect.stringMatching(/statestore\.yaml.*spec\.type: daprd was not built with 'state\.sqlite'/));
  });

  it("reports YAML syntax errors with their position instead of throwing", () => {
    const root = sandbox();
    writeFileSync(join(root, "components/default/broken.yaml"), "kind: Component\nmetadata: [unclosed\n");
    expect(problems(root)).toContainEqual(expect.stringMatching(/^components\/default\/broken\.yaml:\d+:\d+ {2}YAML syntax/));
  });
});
