import { existsSync, readFileSync } from "node:fs";
import { componentProblems, secretStoreRefProblems } from "./check/components.js";
import { configurationProblems } from "./check/configuration.js";
import type { CheckContext } from "./check/context.js";
import { type Loaded, type LoadedResources, loadResources } from "./check/load.js";
import { actorStateProblems, requiredComponentProblems, signingKeyStoreProblems } from "./check/profile-components.js";
import { deliveryRetryProblems, resiliencyProblems } from "./check/resiliency.js";
import { subscriptionProblems } from "./check/subscriptions.js";
import type { Component } from "./dapr-schemas.js";
import type { Manifest } from "./manifest.js";
import type { Problem } from "./yaml-source.js";

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

/**
 * Validates every Dapr resource the mesh will load for the manifest's profile, plus our
 * conventions: scopes on every component and subscription naming known apps, no plaintext
 * secrets, the component names services use, component types the built daprd has, and
 * resiliency policies that exist.
 */
export function checkMesh({ root, manifest, componentTypes }: CheckInput): CheckResult {
  const loaded = loadResources(root, manifest);
  const ctx = checkContext(manifest, loaded, componentTypes);
  const { components, subscriptions, resiliencies } = loaded;
  const problems = [
    ...loaded.problems,
    ...configurationProblems(root, manifest, ctx.appIds, componentTypes),
    ...componentProblems(ctx, components),
    ...components.flatMap((c) => secretStoreRefProblems(ctx, c)),
    ...signingKeyStoreProblems(ctx),
    ...requiredComponentProblems(ctx),
    ...actorStateProblems(ctx, components),
    ...subscriptionProblems(ctx, subscriptions),
    ...resiliencyProblems(ctx, resiliencies),
    // A broken resiliency file may hold the retries: nothing is reported as missing from it.
    ...(loaded.brokenResiliency
      ? []
      : deliveryRetryProblems(
          subscriptions.filter((s) => ctx.byName.has(s.value.spec.pubsubname)),
          resiliencies,
        )),
  ];
  return { problems, files: [...loaded.files, manifest.daprConfig], components };
}

function checkContext(manifest: Manifest, loaded: LoadedResources, componentTypes: Set<string> | undefined): CheckContext {
  return {
    manifest,
    appIds: new Set(Object.keys(manifest.services)),
    componentTypes,
    byName: new Map(loaded.components.map((c) => [c.value.metadata.name, c])),
    broken: loaded.broken,
    componentsFolder: manifest.profiles[manifest.profile]?.components ?? "components",
  };
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
