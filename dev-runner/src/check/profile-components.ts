import { AppIds, Components } from "@auction-mesh/contracts";
import type { Component } from "../dapr-schemas.js";
import type { Problem } from "../yaml-source.js";
import type { CheckContext } from "./context.js";
import type { Loaded } from "./load.js";

/** The component names services use: every profile defines each of them. */
const REQUIRED_COMPONENTS = [
  Components.pubsub,
  Components.broadcastPubsub,
  Components.eventsPubsub,
  Components.stateStore,
  Components.workflowStore,
  Components.secretStore,
  Components.signingKeyStore,
];

/**
 * The actor state store each actor-hosting app must load: daprd takes exactly one per sidecar,
 * and Dapr Workflow runs on actors, so payments' sagas need one as much as bidding's actors.
 */
const ACTOR_STATE_STORES: Record<string, string> = {
  [AppIds.bidding]: Components.stateStore,
  [AppIds.payments]: Components.workflowStore,
};

export function signingKeyStoreProblems({ byName }: CheckContext): Problem[] {
  const signing = byName.get(Components.signingKeyStore);
  const readers = (signing?.value.scopes ?? []).filter((app) => app !== AppIds.identity);
  if (!signing?.value.scopes || readers.length === 0) return [];
  return [
    signing.doc.problem(
      ["scopes"],
      `the token signing key store must be scoped to identity alone (${readers.join(", ")} could read the key and mint tokens)`,
    ),
  ];
}

export function requiredComponentProblems({ byName, broken, manifest, componentsFolder }: CheckContext): Problem[] {
  return REQUIRED_COMPONENTS.filter((name) => !byName.has(name) && !broken.has(name)).map((name) => ({
    file: componentsFolder,
    path: "",
    message: `profile '${manifest.profile}' has no component named '${name}' (services use this name)`,
  }));
}

export function actorStateProblems({ appIds, broken, componentsFolder: file }: CheckContext, components: Loaded<Component>[]): Problem[] {
  const actorStores = components.filter((c) =>
    c.value.spec.metadata.some((m) => m.name === "actorStateStore" && String(m.value) === "true"),
  );
  return [...appIds].flatMap((app): Problem[] => {
    const visible = actorStores.filter((c) => !c.value.scopes || c.value.scopes.includes(app)).map((c) => c.value.metadata.name);
    const wanted = ACTOR_STATE_STORES[app];
    if (visible.length > 1) {
      return [
        { file, path: "", message: `${app} loads ${visible.length} actor state stores (${visible.join(", ")}); daprd takes exactly one` },
      ];
    }
    if (wanted && visible[0] !== wanted && !broken.has(wanted)) {
      return [
        {
          file,
          path: "",
          message: `${app} needs '${wanted}' as its one actor state store (actorStateStore: "true", scoped to ${app}); it loads ${visible[0] ?? "none"}`,
        },
      ];
    }
    return [];
  });
}
