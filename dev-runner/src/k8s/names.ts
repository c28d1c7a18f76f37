/** Labels every rendered object carries; NetworkPolicies select the mesh's pods by them. */
export const PART_OF = "auction-mesh";
export const labelsOf = (service: string) => ({ "app.kubernetes.io/name": service, "app.kubernetes.io/part-of": PART_OF });
export const selectorOf = (service: string) => ({ "app.kubernetes.io/name": service });

/**
 * Kubernetes Secrets the rendered objects reference and the operator creates (k8s/README.md):
 * never rendered, so no secret value is ever in git.
 */
export const ClusterSecrets = {
  /** Dapr's API token (key `token`): the injector hands it to daprd; the app gets it too, to call daprd. */
  daprApiToken: "dapr-api-token",
  /** The token daprd sends the app (key `token`), which the app checks on every call. */
  appApiToken: "app-api-token",
  /** Each service's DATABASE_URL, under a key named after the service. */
  databaseUrls: "database-urls",
} as const;

/** daprd's ports inside a pod (the injector's defaults). */
export const SidecarPorts = { http: 3500, grpc: 50001, internalGrpc: 50002, metrics: 9090 } as const;

/** Where daprd finds a profile's files (SQLite state, local storage) on the data volume. */
export const DATA_MOUNT = "/mesh";
export const DATA_VOLUME = "mesh-data";

/** The images' working directory: the repository's layout below it, so the manifest's commands run as they are. */
export const IMAGE_WORKDIR = "/app";
/** The user the apps run as, and the group daprd's (distroless, uid 65532) data volume is writable by. */
export const APP_UID = 10001;
export const SIDECAR_GID = 65532;
