import { Components, Secrets } from "@auction-mesh/contracts";
import type { Problem, YamlDoc } from "../yaml-source.js";
import { DATA_MOUNT } from "./names.js";
import type { KubernetesSpec } from "./spec.js";

type Raw = Record<string, unknown>;
interface MetadataItem {
  name: string;
  value?: unknown;
  envRef?: string;
  secretKeyRef?: unknown;
}

/** A component as a cluster loads it, and what it asks of the pods of the apps in its scopes. */
export interface ClusterComponent {
  object: Raw;
  /** Apps the component is scoped to (every app when it has no scopes). */
  scopes: string[] | "all";
  /** `envRef`s daprd resolves from its environment (`dapr.io/env`). */
  envRefs: string[];
  /** It keeps files inside daprd (SQLite, local storage): its apps need the data volume. */
  keepsFiles: boolean;
  /** Kubernetes Secrets its apps' sidecars read for it: its secretKeyRefs, or what apps read from a secret store. */
  secrets: string[];
}

/** What the apps read from each secret store through Dapr's secrets API (mesh/contracts). */
const SecretStoreReads: Record<string, string[]> = {
  [Components.secretStore]: [Secrets.jwtPublicKey],
  [Components.signingKeyStore]: [Secrets.jwtSigningKey],
};

export const LOOPBACK = /127\.0\.0\.1|localhost|\[::1\]/;
/** A path in the mesh's state folder (SQLite files, the images folder), optionally behind `file:`. */
const STATE_FILE = /^(file:)?(data\/.*)$/;

/**
 * One component of a profile as it runs on a cluster, or the problems that stop it:
 * - the local file secret stores become Kubernetes secret stores of the same name (secretKeyRef
 *   and the apps' secret reads then resolve Kubernetes Secrets);
 * - a loopback value becomes its cluster value (`kubernetes.values`); one without is refused;
 * - a state-folder path moves to the data volume daprd mounts;
 * - an `envRef` must be one of `kubernetes.sidecarEnv`.
 */
export function clusterComponent(doc: YamlDoc, spec: KubernetesSpec): { component?: ClusterComponent; problems: Problem[] } {
  const raw = structuredClone(doc.value) as Raw;
  const componentSpec = (raw.spec ?? {}) as Raw;
  const problems: Problem[] = [];
  const envRefs: string[] = [];
  let keepsFiles = false;
  const metadata = (raw.metadata ?? {}) as Raw;
  const secrets: string[] = [];
  if (componentSpec.type === "secretstores.local.file") {
    componentSpec.type = "secretstores.kubernetes";
    componentSpec.metadata = [];
    secrets.push(...(SecretStoreReads[String(metadata.name)] ?? []));
  }
  const items = (componentSpec.metadata ?? []) as MetadataItem[];
  items.forEach((item, i) => {
    const at = ["spec", "metadata", i];
    if (item.envRef !== undefined) {
      if (spec.sidecarEnv[item.envRef] === undefined)
        problems.push(
          doc.problem(
            [...at, "envRef"],
            `'${item.envRef}' has no value on a cluster: add it to kubernetes.sidecarEnv in auction-mesh.yaml`,
          ),
        );
      envRefs.push(item.envRef);
    }
    const ref = item.secretKeyRef as { name?: unknown } | undefined;
    if (typeof ref?.name === "string") secrets.push(ref.name);
    if (typeof item.value !== "string") return;
    const mapped = spec.values[item.value];
    const stateFile = STATE_FILE.exec(item.value);
    if (mapped !== undefined) item.value = mapped;
    else if (stateFile) {
      item.value = `${stateFile[1] ?? ""}${DATA_MOUNT}/${stateFile[2]}`;
      keepsFiles = true;
    } else if (LOOPBACK.test(item.value))
      problems.push(
        doc.problem(
          [...at, "value"],
          `'${item.value}' is a loopback address: add its cluster address to kubernetes.values in auction-mesh.yaml`,
        ),
      );
  });
  raw.metadata = { ...metadata, namespace: spec.namespace };
  const scopes = Array.isArray(raw.scopes) ? (raw.scopes as string[]) : "all";
  return { component: problems.length ? undefined : { object: raw, scopes, envRefs, keepsFiles, secrets }, problems };
}

export const inScope = (component: ClusterComponent, app: string) => component.scopes === "all" || component.scopes.includes(app);
