import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ActorTypes, AppIds, Components, DeadLetterTopicPrefix, HttpEndpoints } from "@auction-mesh/contracts";
import type { z } from "zod";
import { checkAccessControl } from "./access-control.js";
import { Component, Configuration, Resiliency, ResourceSchemas, Subscription } from "./dapr-schemas.js";
import type { Manifest } from "./manifest.js";
import { MeshEnvNames } from "./sidecar-env.js";
import { issuesToProblems, type Problem, readYaml, type YamlDoc } from "./yaml-source.js";

/** Metadata names whose values are credentials and must come from a secret store. */
const SECRET_NAME = /(password|secret|token|apikey|api-key|accesskey|privatekey|credentials)/i;
/** Variables the runner gives every sidecar for `envRef` (see sidecar-env.ts). */
const RUNNER_ENV: string[] = Object.values(MeshEnvNames);

/** Where a secret store finds its secrets (a path or a prefix), not a secret itself. */
const SECRET_STORE_LOCATION = /^(secretsFile|nestedSeparator|prefix|vaultAddr|vaultMountPath|secretsPath)$/;

interface Loaded<T> {
  doc: YamlDoc;
  value: T;
}

export interface CheckInput {
  root: string;
  manifest: Manifest;
  /** Types the built daprd registers (dapr/runtime/install.sh writes them); skipped if absent. */
  componentTypes?: Set<string>;
}

export interface CheckResult {
  problems: Problem[];
  files: string[];
  components: Loaded<Component>[];
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => join(dir, f));
}

function parseAs<S extends z.ZodType>(doc: YamlDoc, schema: S, problems: Problem[]): z.infer<S> | undefined {
  const result = schema.safeParse(doc.value);
  if (result.success) return result.data;
  problems.push(...issuesToProblems(doc, result.error.issues));
  return undefined;
}

/**
 * Validates every Dapr resource the mesh will load for the manifest's profile, plus our
 * conventions: scopes on every component and subscription naming known apps, no plaintext
 * secrets, the component names services use, component types the built daprd has, and
 * resiliency policies that exist.
 */
export function checkMesh({ root, manifest, componentTypes }: CheckInput): CheckResult {
  const problems: Problem[] = [];
  const files: string[] = [];
  const appIds = new Set(Object.keys(manifest.services));
  const profile = manifest.profiles[manifest.profile];
  const components: Loaded<Component>[] = [];
  const subscriptions: Loaded<Subscription>[] = [];
  const resiliencies: Loaded<Resiliency>[] = [];
  /** Components that exist but failed their schema: already reported, so not reported again as missing. */
  const broken = new Set<string>();
  /** A resiliency file that failed its schema: its targets are unknown, so nothing is reported as missing from it. */
  let brokenResiliency = false;

  const dirs = [profile?.components, ...manifest.resources].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    const abs = resolve(root, dir);
    if (!existsSync(abs)) {
      problems.push({ file: "auction-mesh.yaml", path: "", message: `resource folder '${dir}' does not exist` });
      continue;
    }
    for (const file of yamlFiles(abs)) {
      files.push(relative(root, file));
      const { docs, problems: syntax } = readYaml(file, root);
      problems.push(...syntax);
      for (const doc of docs) {
        const kind = (doc.value as { kind?: unknown } | null)?.kind;
        if (kind === "Component") {
          const value = parseAs(doc, Component, problems);
          if (value) components.push({ doc, value });
          else {
            const name = (doc.value as { metadata?: { name?: unknown } }).metadata?.name;
            if (typeof name === "string") broken.add(name);
          }
        } else if (kind === "Subscription") {
          const value = parseAs(doc, Subscription, problems);
          if (value) subscriptions.push({ doc, value });
        } else if (kind === "Resiliency") {
          const value = parseAs(doc, Resiliency, problems);
          if (value) resiliencies.push({ doc, value });
          else brokenResiliency = true;
        } else {
          problems.push(
            doc.problem(
              ["kind"],
              `expected one of ${Object.keys(ResourceSchemas)
                .filter((k) => k !== "Configuration")
                .join(", ")}, got ${JSON.stringify(kind)}`,
            ),
          );
        }
      }
    }
  }

  const configFile = resolve(root, manifest.daprConfig);
  files.push(manifest.daprConfig);
  const config = readYaml(configFile, root);
  problems.push(...config.problems);
  for (const doc of config.docs) {
    const value = parseAs(doc, Configuration, problems);
    if (value) problems.push(...checkAccessControl(doc, value, appIds));
    const resolver = value?.spec.nameResolution?.component;
    if (resolver && componentTypes && !componentTypes.has(`nameresolution.${resolver}`)) {
      problems.push(doc.problem(["spec", "nameResolution", "component"], `daprd was not built with 'nameresolution.${resolver}'`));
    }
  }

  // Component conventions.
  const byName = new Map<string, Loaded<Component>>();
  for (const c of components) {
    const name = c.value.metadata.name;
    if (byName.has(name))
      problems.push(c.doc.problem(["metadata", "name"], `component '${name}' is also defined in ${byName.get(name)?.doc.file}`));
    byName.set(name, c);
    if (componentTypes && !componentTypes.has(c.value.spec.type)) {
      problems.push(
        c.doc.problem(
          ["spec", "type"],
          `daprd was not built with '${c.value.spec.type}' (add it to dapr/runtime/components.txt or build DAPR_COMPONENT_SET=all)`,
        ),
      );
    }
    if (!c.value.scopes) problems.push(c.doc.problem(["metadata"], "every component lists the app ids that may use it under 'scopes'"));
    c.value.scopes?.forEach((scope, i) => {
      if (!appIds.has(scope))
        problems.push(c.doc.problem(["scopes", i], `unknown app id '${scope}' (services: ${[...appIds].join(", ")})`));
    });
    c.value.spec.metadata.forEach((m, i) => {
      if (m.envRef !== undefined && !RUNNER_ENV.includes(m.envRef)) {
        problems.push(
          c.doc.problem(
            ["spec", "metadata", i, "envRef"],
            `no sidecar gets '${m.envRef}' (the runner sets ${RUNNER_ENV.join(", ")}); daprd would read it as empty`,
          ),
        );
      }
      const isStoreLocation = c.value.spec.type.startsWith("secretstores.") && SECRET_STORE_LOCATION.test(m.name);
      if (m.value !== undefined && String(m.value) !== "" && SECRET_NAME.test(m.name) && !isStoreLocation) {
        problems.push(
          c.doc.problem(["spec", "metadata", i, "value"], `'${m.name}' is a credential: use secretKeyRef instead of a plaintext value`),
        );
      }
    });
  }
  for (const c of components) {
    // A secretKeyRef resolves through the component's auth.secretStore: it must name a secret
    // store of this profile, or daprd fails the component at start (after logging it).
    const refs = c.value.spec.metadata.some((m) => m.secretKeyRef);
    const store = (c.value as { auth?: { secretStore?: string } }).auth?.secretStore;
    if (refs && !store) problems.push(c.doc.problem(["spec", "metadata"], "uses secretKeyRef but names no auth.secretStore"));
    if (store && !byName.get(store)?.value.spec.type.startsWith("secretstores."))
      problems.push(c.doc.problem(["auth", "secretStore"], `no secret store named '${store}' in profile '${manifest.profile}'`));
  }
  const signing = byName.get(Components.signingKeyStore);
  const readers = (signing?.value.scopes ?? []).filter((app) => app !== AppIds.identity);
  if (signing?.value.scopes && readers.length > 0) {
    problems.push(
      signing.doc.problem(
        ["scopes"],
        `the token signing key store must be scoped to identity alone (${readers.join(", ")} could read the key and mint tokens)`,
      ),
    );
  }
  for (const name of [
    Components.pubsub,
    Components.broadcastPubsub,
    Components.eventsPubsub,
    Components.stateStore,
    Components.workflowStore,
    Components.secretStore,
    Components.signingKeyStore,
  ]) {
    if (!byName.has(name) && !broken.has(name))
      problems.push({
        file: profile?.components ?? "components",
        path: "",
        message: `profile '${manifest.profile}' has no component named '${name}' (services use this name)`,
      });
  }
  problems.push(...actorStateProblems(components, [...appIds], profile?.components ?? "components", broken));

  const subscribedTopics = new Set(subscriptions.map((s) => s.value.spec.topic));
  for (const s of subscriptions) {
    const pubsub = byName.get(s.value.spec.pubsubname);
    if (broken.has(s.value.spec.pubsubname)) {
      // its own problems are reported already
    } else if (!pubsub?.value.spec.type.startsWith("pubsub.")) {
      problems.push(
        s.doc.problem(["spec", "pubsubname"], `no pub/sub component named '${s.value.spec.pubsubname}' in profile '${manifest.profile}'`),
      );
    }
    if (!s.value.spec.routes.default && !s.value.spec.routes.rules?.length)
      problems.push(s.doc.problem(["spec", "routes"], "give a default route or rules"));
    if (!s.value.scopes) problems.push(s.doc.problem(["metadata"], "every subscription lists its subscriber app ids under 'scopes'"));
    // A message a subscriber cannot take must land somewhere an admin sees it (the message
    // hospital), not vanish. Only the hospital's own subscriptions to dead-letter topics go
    // without one (they answer RETRY and the broker keeps the message).
    const deadLetter = s.value.spec.deadLetterTopic;
    if (s.value.spec.topic.startsWith(DeadLetterTopicPrefix)) {
      if (deadLetter)
        problems.push(s.doc.problem(["spec", "deadLetterTopic"], "a dead-letter topic's own subscription must not dead-letter again"));
    } else if (!deadLetter) {
      problems.push(s.doc.problem(["spec"], `every subscription needs a deadLetterTopic (${DeadLetterTopicPrefix}<app>)`));
    } else if (!deadLetter.startsWith(DeadLetterTopicPrefix)) {
      problems.push(
        s.doc.problem(["spec", "deadLetterTopic"], `dead-letter topics start with '${DeadLetterTopicPrefix}' (got '${deadLetter}')`),
      );
    } else if (!subscribedTopics.has(deadLetter)) {
      problems.push(
        s.doc.problem(
          ["spec", "deadLetterTopic"],
          `no subscription reads '${deadLetter}': its dead letters would go unseen (dapr/subscriptions/dead-letters-<app>.yaml)`,
        ),
      );
    }
    s.value.scopes?.forEach((scope, i) => {
      if (!appIds.has(scope)) problems.push(s.doc.problem(["scopes", i], `unknown app id '${scope}'`));
    });
  }

  for (const r of resiliencies) {
    const { policies, targets } = r.value.spec;
    const exists = {
      timeout: new Set(Object.keys(policies.timeouts ?? {})),
      retry: new Set(Object.keys(policies.retries ?? {})),
      circuitBreaker: new Set(Object.keys(policies.circuitBreakers ?? {})),
    };
    const checkRefs = (path: (string | number)[], refs: { timeout?: string; retry?: string; circuitBreaker?: string }) => {
      for (const kind of ["timeout", "retry", "circuitBreaker"] as const) {
        const ref = refs[kind];
        // A timeout may also be written inline as a duration.
        if (ref && !exists[kind].has(ref) && !(kind === "timeout" && /^[0-9]/.test(ref))) {
          problems.push(r.doc.problem([...path, kind], `no ${kind} policy named '${ref}'`));
        }
      }
    };
    // Apps, and the HTTPEndpoints the runner writes (calls through a sidecar to a server outside the mesh).
    const endpoints = new Set<string>(Object.values(HttpEndpoints));
    for (const [app, refs] of Object.entries(targets.apps ?? {})) {
      if (!appIds.has(app) && !endpoints.has(app)) {
        problems.push(r.doc.problem(["spec", "targets", "apps", app], `unknown app id or HTTPEndpoint '${app}'`));
      }
      checkRefs(["spec", "targets", "apps", app], refs);
    }
    const actorTypes = new Set<string>(Object.values(ActorTypes));
    for (const [actor, refs] of Object.entries(targets.actors ?? {})) {
      if (!actorTypes.has(actor)) problems.push(r.doc.problem(["spec", "targets", "actors", actor], `unknown actor type '${actor}'`));
      checkRefs(["spec", "targets", "actors", actor], refs);
      // daprd 1.18.2 applies an actor target's timeout after the actor lock too, and cancels its
      // context before reading an HTTP-hosted actor's answer (dapr/dapr#10140): calls fail with
      // "failed to read response data: context canceled" after the actor did the work.
      if (refs.timeout) {
        problems.push(
          r.doc.problem(
            ["spec", "targets", "actors", actor, "timeout"],
            "daprd 1.18 cuts HTTP-hosted actors' answers when an actor target has a timeout (dapr/dapr#10140); callers bound actor calls themselves (ACTOR_CALL_TIMEOUT_MS)",
          ),
        );
      }
    }
    for (const [component, dirs] of Object.entries(targets.components ?? {})) {
      if (!byName.has(component) && !broken.has(component))
        problems.push(
          r.doc.problem(["spec", "targets", "components", component], `no component named '${component}' in profile '${manifest.profile}'`),
        );
      if (dirs.outbound) checkRefs(["spec", "targets", "components", component, "outbound"], dirs.outbound);
      if (dirs.inbound) checkRefs(["spec", "targets", "components", component, "inbound"], dirs.inbound);
    }
  }

  if (!brokenResiliency) {
    const readable = subscriptions.filter((s) => byName.has(s.value.spec.pubsubname));
    problems.push(...deliveryRetryProblems(readable, resiliencies));
  }
  return { problems, files, components };
}

/**
 * Every pub/sub a subscription reads needs an inbound retry in dapr/resiliency: without one a
 * delivery that fails once (an app restarting, a kept-alive connection the app just closed)
 * waits for the broker's own redelivery, which Redis streams make a minute or more.
 */
function deliveryRetryProblems(subscriptions: Loaded<Subscription>[], resiliencies: Loaded<Resiliency>[]): Problem[] {
  const retried = new Set(
    resiliencies.flatMap((r) =>
      Object.entries(r.value.spec.targets.components ?? {})
        .filter(([, dirs]) => dirs.inbound?.retry)
        .map(([name]) => name),
    ),
  );
  return subscriptions
    .filter((s) => !retried.has(s.value.spec.pubsubname))
    .map((s) =>
      s.doc.problem(
        ["spec", "pubsubname"],
        `no inbound retry for '${s.value.spec.pubsubname}' in dapr/resiliency (targets.components.${s.value.spec.pubsubname}.inbound.retry)`,
      ),
    );
}

/** Reads the component types list written next to the runtime binaries, if there is one. */
export function readComponentTypes(file: string): Set<string> | undefined {
  if (!existsSync(file)) return undefined;
  return new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/**
 * The actor state store each actor-hosting app must load: daprd takes exactly one per sidecar,
 * and Dapr Workflow runs on actors, so payments' sagas need one as much as bidding's actors.
 */
const ACTOR_STATE_STORES: Record<string, string> = {
  [AppIds.bidding]: Components.stateStore,
  [AppIds.payments]: Components.workflowStore,
};

function actorStateProblems(components: Loaded<Component>[], appIds: string[], file: string, broken: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const actorStores = components.filter((c) =>
    c.value.spec.metadata.some((m) => m.name === "actorStateStore" && String(m.value) === "true"),
  );
  for (const app of appIds) {
    const visible = actorStores.filter((c) => !c.value.scopes || c.value.scopes.includes(app)).map((c) => c.value.metadata.name);
    const wanted = ACTOR_STATE_STORES[app];
    if (visible.length > 1) {
      problems.push({
        file,
        path: "",
        message: `${app} loads ${visible.length} actor state stores (${visible.join(", ")}); daprd takes exactly one`,
      });
    } else if (wanted && visible[0] !== wanted && !broken.has(wanted)) {
      problems.push({
        file,
        path: "",
        message: `${app} needs '${wanted}' as its one actor state store (actorStateStore: "true", scoped to ${app}); it loads ${visible[0] ?? "none"}`,
      });
    }
  }
  return problems;
}
