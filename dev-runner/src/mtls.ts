import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { join, resolve } from "node:path";

/**
 * mTLS between sidecars and with the control plane (Dapr's sentry as the CA).
 *
 * sentry (self-hosted) writes a self-signed root (ca.crt) and an issuer (issuer.crt,
 * issuer.key) into its --issuer-credentials folder when the folder holds none (it does not
 * create the folder: pkg/sentry/server/ca/selfhosted.go), and reuses them on later starts.
 * The folder lives in the mesh's state folder, so every mesh (dev, tests, bench) has its own
 * root and never trusts another mesh's sidecars.
 */
export const SENTRY_DIR = "sentry";
/** sentry's default file names (pkg/sentry/config: DefaultRootCertFilename, …). */
export const TRUST_BUNDLE_FILE = "ca.crt";

/**
 * The control plane's SPIFFE trust domain (sentry, placement and scheduler --trust-domain,
 * daprd --control-plane-trust-domain). All four default to "localhost"; the runner passes it
 * anyway so a change to one cannot silently split them. Apps' certificates use another one:
 * the Configuration's accessControl.trustDomain ("public").
 */
export const CONTROL_PLANE_TRUST_DOMAIN = "localhost";

/**
 * The Dapr CLI (`dapr run`) adds `--enable-mtls --sentry-address localhost:50001` to every
 * daprd whose Configuration says `mtls.enabled: true`, and offers no way to change the address
 * (cli pkg/standalone/run.go: mtlsEndpoint, sentryDefaultAddress). `control-plane` forwards
 * this port to the mesh's sentry for `dapr run -f` users. It lies in the ephemeral range, which
 * is why it is only opened by `control-plane`, never by `up`.
 */
export const DAPR_CLI_SENTRY_PORT = 50001;

/** daprd reads the trust anchors (PEM contents, not a path) from this variable (pkg/security/consts). */
export const TRUST_ANCHORS_ENV = "DAPR_TRUST_ANCHORS";

export function sentryCredentialsDir(stateDir: string): string {
  return resolve(stateDir, SENTRY_DIR);
}

export function trustBundleFile(stateDir: string): string {
  return join(sentryCredentialsDir(stateDir), TRUST_BUNDLE_FILE);
}

/** Creates sentry's credentials folder (owner only), which sentry itself does not create. */
export function ensureSentryDir(stateDir: string): void {
  mkdirSync(sentryCredentialsDir(stateDir), { recursive: true, mode: 0o700 });
}

/** The trust bundle's PEM, or an error saying to start the control plane first. */
export function readTrustAnchors(stateDir: string): string {
  const file = trustBundleFile(stateDir);
  if (!existsSync(file))
    throw new Error(
      `no trust bundle at ${file}: start the control plane first ('npm run mesh -- control-plane' or 'up'); sentry creates it`,
    );
  return readFileSync(file, "utf8");
}

/** A TCP forwarder 127.0.0.1:fromPort -> 127.0.0.1:toPort (TLS passes through untouched). */
export function forwardPort(fromPort: number, toPort: number): Promise<Server> {
  const server = createServer((client) => {
    const upstream = connect(toPort, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen({ port: fromPort, host: "127.0.0.1", exclusive: true }, () => resolvePromise(server));
  });
}
