import type { Component } from "../dapr-schemas.js";
import { MeshEnvNames } from "../sidecar-env.js";
import type { Problem } from "../yaml-source.js";
import type { CheckContext } from "./context.js";
import type { Loaded } from "./load.js";

type MetadataItem = Component["spec"]["metadata"][number];

/** Metadata names whose values are credentials and must come from a secret store. */
const SECRET_NAME = /(password|secret|token|apikey|api-key|accesskey|privatekey|credentials)/i;
/** Variables the runner gives every sidecar for `envRef` (see sidecar-env.ts). */
const RUNNER_ENV: string[] = Object.values(MeshEnvNames);

/** Where a secret store finds its secrets (a path or a prefix), not a secret itself. */
const SECRET_STORE_LOCATION = /^(secretsFile|nestedSeparator|prefix|vaultAddr|vaultMountPath|secretsPath)$/;

/** Our conventions for each component: one definition per name, a type daprd has, scopes, envRefs, no plaintext secrets. */
export function componentProblems(ctx: CheckContext, components: Loaded<Component>[]): Problem[] {
  return components.flatMap((c, i) => [
    ...duplicateNameProblems(c, components.slice(0, i)),
    ...builtTypeProblems(ctx, c),
    ...componentScopeProblems(ctx, c),
    ...c.value.spec.metadata.flatMap((m, i) => metadataProblems(c, m, i)),
  ]);
}

function duplicateNameProblems(c: Loaded<Component>, earlier: Loaded<Component>[]): Problem[] {
  const name = c.value.metadata.name;
  const other = earlier.findLast((e) => e.value.metadata.name === name);
  return other ? [c.doc.problem(["metadata", "name"], `component '${name}' is also defined in ${other.doc.file}`)] : [];
}

function builtTypeProblems({ componentTypes }: CheckContext, c: Loaded<Component>): Problem[] {
  if (!componentTypes || componentTypes.has(c.value.spec.type)) return [];
  return [
    c.doc.problem(
      ["spec", "type"],
      `daprd was not built with '${c.value.spec.type}' (add it to dapr/runtime/components.txt or build DAPR_COMPONENT_SET=all)`,
    ),
  ];
}

function componentScopeProblems({ appIds }: CheckContext, c: Loaded<Component>): Problem[] {
  const problems: Problem[] = [];
  if (!c.value.scopes) problems.push(c.doc.problem(["metadata"], "every component lists the app ids that may use it under 'scopes'"));
  c.value.scopes?.forEach((scope, i) => {
    if (!appIds.has(scope)) problems.push(c.doc.problem(["scopes", i], `unknown app id '${scope}' (services: ${[...appIds].join(", ")})`));
  });
  return problems;
}

function metadataProblems(c: Loaded<Component>, m: MetadataItem, i: number): Problem[] {
  const problems: Problem[] = [];
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
  return problems;
}

/**
 * A secretKeyRef resolves through the component's auth.secretStore: it must name a secret
 * store of this profile, or daprd fails the component at start (after logging it).
 */
export function secretStoreRefProblems(ctx: CheckContext, c: Loaded<Component>): Problem[] {
  const { byName, manifest } = ctx;
  const problems: Problem[] = [];
  const refs = c.value.spec.metadata.some((m) => m.secretKeyRef);
  const store = (c.value as { auth?: { secretStore?: string } }).auth?.secretStore;
  if (refs && !store) problems.push(c.doc.problem(["spec", "metadata"], "uses secretKeyRef but names no auth.secretStore"));
  const storeComponent = store ? byName.get(store) : undefined;
  if (store && !storeComponent?.value.spec.type.startsWith("secretstores."))
    problems.push(c.doc.problem(["auth", "secretStore"], `no secret store named '${store}' in profile '${manifest.profile}'`));
  else if (refs && storeComponent) problems.push(...unreadableSecretProblems(ctx, c, storeComponent));
  return problems;
}

/**
 * Every app that loads a component must load the secret store its secretKeyRefs resolve through:
 * otherwise that app's sidecar leaves the component out ("references a secret store that isn't
 * loaded") and the app silently gets no deliveries from it (found with audit on rabbitmq).
 */
function unreadableSecretProblems({ appIds }: CheckContext, c: Loaded<Component>, store: Loaded<Component>): Problem[] {
  const loads = (x: Loaded<Component>, app: string) => !x.value.scopes || x.value.scopes.includes(app);
  const blind = [...appIds].filter((app) => loads(c, app) && !loads(store, app));
  if (blind.length === 0) return [];
  return [
    c.doc.problem(
      ["scopes"],
      `${blind.join(", ")} load${blind.length === 1 ? "s" : ""} this component but not its secret store '${store.value.metadata.name}' (${store.doc.file}), so ${blind.length === 1 ? "its sidecar" : "their sidecars"} cannot resolve its secretKeyRef`,
    ),
  ];
}
