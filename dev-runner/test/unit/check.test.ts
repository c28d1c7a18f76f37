import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { operationNamesRoute } from "../../src/access-control.js";
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
    for (const profile of ["default", "redis", "rabbitmq", "nats", "mqtt", "postgres"]) expect(problems(REPO, profile)).toEqual([]);
  });

  it("rejects a misspelled component field, naming file, line and path", () => {
    const root = sandbox();
    edit(
      root,
      "components/default/statestore.yaml",
      "  metadata:\n    - name: connectionString",
      "  metdata:\n    - name: connectionString",
    );
    const found = problems(root);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^components\/default\/statestore\.yaml:\d+:\d+ {2}spec\.metdata: unknown key 'metdata'/);
  });

  it("rejects an envRef no sidecar gets (daprd would read it as empty)", () => {
    const root = sandbox();
    edit(root, "components/default/pubsub.yaml", "envRef: MESH_NATS_URL", "envRef: MESH_NAT_URL");
    expect(problems(root)).toEqual([
      expect.stringMatching(/pubsub\.yaml:\d+:\d+ {2}spec\.metadata\[\d\]\.envRef: no sidecar gets 'MESH_NAT_URL'/),
    ]);
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
      "retry: transient\n        circuitBreaker: actorHost\n        circuitBreakerScope",
      "retry: transiant\n        circuitBreaker: actorHost\n        circuitBreakerScope",
    );
    expect(problems(root)).toEqual([expect.stringMatching(/targets\.actors\.AuctionActor\.retry: no retry policy named 'transiant'/)]);
  });

  it("rejects a timeout on an actor target (daprd 1.18 then cuts HTTP-hosted actors' answers)", () => {
    const root = sandbox();
    edit(
      root,
      "dapr/resiliency/resiliency.yaml",
      "retry: transient\n        circuitBreaker: actorHost\n        circuitBreakerScope",
      "timeout: actorCall\n        retry: transient\n        circuitBreaker: actorHost\n        circuitBreakerScope",
    );
    expect(problems(root)).toEqual([
      expect.stringMatching(/targets\.actors\.AuctionActor\.timeout: daprd 1\.18 cuts HTTP-hosted actors' answers.*#10140/),
    ]);
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
    edit(root, "components/default/pubsub.yaml", "scopes:\n  - bidding\n  - auctions\n  - payments\n  - notifications\n", "");
    const found = problems(root);
    expect(found).toContainEqual(expect.stringMatching(/statestore\.yaml:\d+:\d+ {2}scopes\[0\]: unknown app id 'biding'/));
    expect(found).toContainEqual(expect.stringMatching(/pubsub\.yaml.*every component lists the app ids/));
  });

  it("rejects an app loading two actor state stores, and payments without its workflow store", () => {
    const root = sandbox();
    edit(root, "components/default/statestore.yaml", "scopes:\n  - bidding", "scopes:\n  - bidding\n  - payments");
    expect(problems(root)).toEqual([
      expect.stringMatching(/payments loads 2 actor state stores \(statestore, workflowstore\); daprd takes exactly one/),
    ]);
    const other = sandbox();
    edit(other, "components/redis/workflowstore.yaml", "scopes:\n  - payments", "scopes:\n  - identity");
    expect(problems(other, "redis")).toEqual([
      expect.stringMatching(/payments needs 'workflowstore' as its one actor state store .* it loads none/),
    ]);
  });

  it("rejects a secretKeyRef without a secret store of the profile to resolve it", () => {
    const root = sandbox();
    edit(root, "components/rabbitmq/pubsub.yaml", "auth:\n  secretStore: secretstore", "auth:\n  secretStore: vault");
    expect(problems(root, "rabbitmq")).toEqual([
      expect.stringMatching(/rabbitmq\/pubsub\.yaml:\d+:\d+ {2}auth\.secretStore: no secret store named 'vault' in profile 'rabbitmq'/),
    ]);
  });

  it("rejects a component an app loads without the secret store its secretKeyRef needs", () => {
    const root = sandbox();
    edit(root, "components/rabbitmq/secretstore.yaml", "  - notifications\n", "");
    expect(problems(root, "rabbitmq")).toEqual(
      ["pubsub-events", "pubsub"].map((name) =>
        expect.stringMatching(
          new RegExp(
            `rabbitmq/${name}\\.yaml:\\d+:\\d+ {2}scopes: notifications loads this component but not its secret store 'secretstore' \\(components/rabbitmq/secretstore\\.yaml\\), so its sidecar cannot resolve its secretKeyRef`,
          ),
        ),
      ),
    );
  });

  it("rejects a signing key store any app but identity could read", () => {
    const root = sandbox();
    edit(root, "components/nats/signing-keys.yaml", "scopes:\n  - identity", "scopes:\n  - identity\n  - bidding");
    expect(problems(root, "nats")).toEqual([
      expect.stringMatching(
        /nats\/signing-keys\.yaml:\d+:\d+ {2}scopes: the token signing key store must be scoped to identity alone \(bidding could read the key and mint tokens\)/,
      ),
    ]);
  });

  it("rejects a profile without the signing key store identity reads its key from", () => {
    const root = sandbox();
    rmSync(join(root, "components/mqtt/signing-keys.yaml"));
    expect(problems(root, "mqtt")).toContainEqual(expect.stringMatching(/profile 'mqtt' has no component named 'signing-keys'/));
  });

  it("rejects a profile without the broadcast pub/sub every subscriber of fan-out relies on", () => {
    const root = sandbox();
    rmSync(join(root, "components/redis/pubsub-broadcast.yaml"));
    expect(problems(root, "redis")).toContainEqual(expect.stringMatching(/profile 'redis' has no component named 'pubsub-broadcast'/));
  });

  it("rejects a subscription to a pub/sub component the profile does not have", () => {
    const root = sandbox();
    edit(root, "dapr/subscriptions/gateway.yaml", "pubsubname: pubsub-broadcast", "pubsubname: events");
    expect(problems(root)).toEqual([
      expect.stringMatching(/gateway\.yaml:\d+:\d+ {2}spec\.pubsubname: no pub\/sub component named 'events'/),
    ]);
  });

  it("rejects a subscription to a pub/sub without an inbound retry (a failed delivery would wait for the broker's own redelivery)", () => {
    const root = sandbox();
    edit(root, "dapr/resiliency/resiliency.yaml", "      pubsub-broadcast:\n        inbound:\n          retry: deliveries\n", "");
    expect(problems(root)).toEqual([
      expect.stringMatching(/^dapr\/subscriptions\/gateway-notifications\.yaml:\d+:\d+ {2}spec\.pubsubname: no inbound retry/),
      expect.stringMatching(
        /^dapr\/subscriptions\/gateway\.yaml:\d+:\d+ {2}spec\.pubsubname: no inbound retry for 'pubsub-broadcast' in dapr\/resiliency/,
      ),
    ]);
  });

  it("rejects a subscription without a dead-letter topic, naming file, line and path", () => {
    const root = sandbox();
    edit(root, "dapr/subscriptions/auctions.yaml", "  deadLetterTopic: deadletters.auctions\n", "");
    expect(problems(root)).toEqual([
      expect.stringMatching(/auctions\.yaml:\d+:\d+ {2}spec: every subscription needs a deadLetterTopic \(deadletters\.<app>\)/),
    ]);
  });

  it("rejects a dead-letter topic nobody reads (a misspelling would lose every dead letter)", () => {
    const root = sandbox();
    edit(root, "dapr/subscriptions/auctions.yaml", "deadLetterTopic: deadletters.auctions", "deadLetterTopic: deadletters.auction");
    expect(problems(root)).toEqual([
      expect.stringMatching(
        /auctions\.yaml:14:\d+ {2}spec\.deadLetterTopic: no subscription reads 'deadletters\.auction': its dead letters/,
      ),
    ]);
  });

  it("rejects a dead-letter topic outside the hospital's prefix, and a dead-letter subscription that dead-letters again", () => {
    const root = sandbox();
    edit(root, "dapr/subscriptions/gateway.yaml", "deadLetterTopic: deadletters.gateway", "deadLetterTopic: poison");
    edit(root, "dapr/subscriptions/dead-letters-gateway.yaml", "  routes:\n", "  deadLetterTopic: deadletters.gateway\n  routes:\n");
    expect(problems(root)).toEqual([
      expect.stringMatching(/dead-letters-gateway\.yaml:\d+:\d+ {2}spec\.deadLetterTopic: a dead-letter topic's own subscription/),
      expect.stringMatching(
        /gateway\.yaml:\d+:\d+ {2}spec\.deadLetterTopic: dead-letter topics start with 'deadletters\.' \(got 'poison'\)/,
      ),
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

describe("checkMesh: accessControl policies (dapr/config.yaml)", () => {
  it("reads a wildcard as routes under a prefix, or one route's parameter (images/files/<name>)", () => {
    expect(operationNamesRoute("/listings/*")).toBe(true);
    expect(operationNamesRoute("/images/files/*")).toBe(true);
    expect(operationNamesRoute("/images/file/*")).toBe(false);
    expect(operationNamesRoute("/image/*")).toBe(false);
  });

  it("rejects a policy for an unknown app id and operations naming no route, with file:line:col", () => {
    const root = sandbox();
    edit(root, "dapr/config.yaml", "      - appId: auctions\n", "      - appId: auction\n");
    edit(root, "dapr/config.yaml", "name: /users/login", "name: /user/login");
    edit(root, "dapr/config.yaml", "name: /auctions/snapshot", "name: /auctions/snapshots");
    expect(problems(root)).toEqual([
      expect.stringMatching(
        /^dapr\/config\.yaml:\d+:\d+ {2}spec\.accessControl\.policies\[0\]\.operations\[1\]\.name: '\/user\/login' names no service route/,
      ),
      expect.stringMatching(
        /^dapr\/config\.yaml:\d+:\d+ {2}spec\.accessControl\.policies\[0\]\.operations\[\d+\]\.name: '\/auctions\/snapshots' names no service route/,
      ),
      expect.stringMatching(/^dapr\/config\.yaml:\d+:\d+ {2}spec\.accessControl\.policies\[1\]\.appId: unknown app id 'auction'/),
    ]);
  });

  it("points at the line of the broken policy", () => {
    const root = sandbox();
    edit(root, "dapr/config.yaml", "      - appId: auctions\n", "      - appId: auction\n");
    const line = readFileSync(join(root, "dapr/config.yaml"), "utf8").split("\n").indexOf("      - appId: auction") + 1;
    expect(problems(root)).toEqual([expect.stringMatching(new RegExp(`^dapr/config\\.yaml:${line}:\\d+ `))]);
  });

  it("rejects a policy that could never match: other trust domain or namespace, lower-case verb", () => {
    const root = sandbox();
    edit(
      root,
      "dapr/config.yaml",
      "        trustDomain: public\n        namespace: default\n        operations:\n          - name: /auctions/open",
      "        trustDomain: localhost\n        namespace: auctions\n        operations:\n          - name: /auctions/open",
    );
    edit(
      root,
      "dapr/config.yaml",
      "httpVerb: [POST]\n            action: allow\n      - appId: auctions",
      "httpVerb: [post]\n            action: allow\n      - appId: auctions",
    );
    expect(problems(root)).toEqual([
      expect.stringMatching(/policies\[0\]\.operations\[\d+\]\.httpVerb\[0\]: 'post' is not a verb daprd matches/),
      expect.stringMatching(/policies\[1\]\.trustDomain: callers' certificates carry trust domain 'public'/),
      expect.stringMatching(/policies\[1\]\.namespace: self-hosted sidecars are in namespace 'default'/),
    ]);
  });
});
