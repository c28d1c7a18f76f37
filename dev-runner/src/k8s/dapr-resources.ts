import type { KubernetesSpec } from "./spec.js";

type Raw = Record<string, unknown>;

const inNamespace = (raw: Raw, namespace: string): Raw => ({
  ...raw,
  metadata: { ...((raw.metadata ?? {}) as Raw), namespace },
});

/**
 * The mesh's Configuration as a cluster takes it:
 * - traces go to the cluster's collector;
 * - no name resolution (Kubernetes' own is daprd's default there);
 * - no `mtls`, which a cluster sets in the control plane's own Configuration (daprsystem);
 * - access control names the cluster's namespace and trust domain.
 */
export function clusterConfiguration(local: Raw, spec: KubernetesSpec): Raw {
  const raw = structuredClone(local);
  const configSpec = (raw.spec ?? {}) as Raw;
  delete configSpec.nameResolution;
  delete configSpec.mtls;
  const tracing = configSpec.tracing as { otel?: Raw } | undefined;
  if (tracing?.otel) tracing.otel.endpointAddress = spec.traces;
  const accessControl = configSpec.accessControl as { trustDomain?: string; policies?: Raw[] } | undefined;
  if (accessControl) {
    accessControl.trustDomain = spec.trustDomain;
    for (const policy of accessControl.policies ?? []) {
      policy.namespace = spec.namespace;
      policy.trustDomain = spec.trustDomain;
    }
  }
  return inNamespace(raw, spec.namespace);
}

/** Resiliency and Subscriptions are the same on a cluster, in its namespace. */
export const clusterResource = (local: Raw, spec: KubernetesSpec): Raw => inNamespace(structuredClone(local), spec.namespace);
