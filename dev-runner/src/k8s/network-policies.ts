import { PART_OF, SidecarPorts, selectorOf } from "./names.js";
import type { KubernetesSpec } from "./spec.js";

type Raw = Record<string, unknown>;

const meshPods = { matchLabels: { "app.kubernetes.io/part-of": PART_OF } };
const namespaceNamed = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
const tcp = (port: number) => ({ protocol: "TCP", port });

function policy(spec: KubernetesSpec, name: string, body: Raw): Raw {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: spec.namespace, labels: { "app.kubernetes.io/part-of": PART_OF } },
    spec: body,
  };
}

/**
 * Default deny, then what the mesh needs: DNS; sidecar to sidecar (daprd's internal gRPC, mTLS);
 * every sidecar to the Dapr control plane and the API server (the Kubernetes secret store); the
 * pods to the servers outside (kubernetes.serverPorts); anyone to a public service's port.
 */
export function networkPolicies(spec: KubernetesSpec, publicServices: { service: string; port: number }[]): Raw[] {
  return [
    policy(spec, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy(spec, "dns", {
      podSelector: meshPods,
      policyTypes: ["Egress"],
      egress: [{ to: [namespaceNamed("kube-system")], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] }],
    }),
    policy(spec, "sidecar-to-sidecar", {
      podSelector: meshPods,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: meshPods }], ports: [tcp(SidecarPorts.internalGrpc)] }],
      egress: [{ to: [{ podSelector: meshPods }], ports: [tcp(SidecarPorts.internalGrpc)] }],
    }),
    policy(spec, "dapr-control-plane", {
      podSelector: meshPods,
      policyTypes: ["Egress"],
      egress: [{ to: [namespaceNamed(spec.daprNamespace)] }, { ports: [tcp(443), tcp(6443)] }],
    }),
    policy(spec, "servers", {
      podSelector: meshPods,
      policyTypes: ["Egress"],
      egress: [{ ports: spec.serverPorts.map(tcp) }],
    }),
    ...publicServices.map(({ service, port }) =>
      policy(spec, `${service}-public`, {
        podSelector: { matchLabels: selectorOf(service) },
        policyTypes: ["Ingress"],
        ingress: [{ ports: [tcp(port)] }],
      }),
    ),
  ];
}
