import {
  AuctionsRoutes,
  AuditRoutes,
  BiddingRoutes,
  IdentityRoutes,
  MediaRoutes,
  NotificationsRoutes,
  PaymentsRoutes,
  SearchRoutes,
} from "@auction-mesh/contracts";
import type { Configuration } from "./dapr-schemas.js";
import type { Problem, YamlDoc } from "./yaml-source.js";

/**
 * The routes services offer each other through service invocation: what accessControl
 * operations may name. From mesh/contracts, so a renamed route fails `check` instead of
 * silently turning into a denied call at run time.
 */
export const INVOKABLE_ROUTES: readonly string[] = [
  ...Object.values(BiddingRoutes),
  ...Object.values(AuctionsRoutes),
  ...Object.values(IdentityRoutes),
  ...Object.values(PaymentsRoutes),
  ...Object.values(NotificationsRoutes),
  ...Object.values(SearchRoutes),
  ...Object.values(MediaRoutes),
  ...Object.values(AuditRoutes),
];

/** The verbs daprd compares with (commonv1pb.HTTPExtension_Verb names: upper case, matched exactly), or "*". */
const HTTP_VERBS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*"]);

/**
 * The namespace a self-hosted daprd puts in its certificate: $NAMESPACE, else "default"
 * (pkg/security: CurrentNamespace). The runner does not set NAMESPACE.
 */
const SELF_HOSTED_NAMESPACE = "default";
/** daprd's trust domain when accessControl names none (pkg/config: DefaultTrustDomain). */
const DEFAULT_TRUST_DOMAIN = "public";

/** Whether an operation name (`/users/*`, `auctions/open`, `/listings/**`) matches some route. */
export function operationNamesRoute(name: string, routes: readonly string[] = INVOKABLE_ROUTES): boolean {
  const op = name.replace(/^\/+/, "").toLowerCase();
  const wildcard = /\/\*\*?$/.exec(op);
  if (wildcard) {
    const prefix = op.slice(0, wildcard.index + 1);
    // `images/files/*` names the route `images/files` with its parameter, as well as routes under it.
    return routes.some((r) => r.startsWith(prefix) || `${r}/` === prefix);
  }
  return routes.includes(op);
}

/**
 * Checks the Configuration's accessControl against the mesh: policies for app ids the
 * manifest has, in the namespace and trust domain daprd really uses (a policy for another
 * one never matches, and the caller silently gets the default action), operations naming
 * routes from mesh/contracts, verbs daprd can match.
 */
export function checkAccessControl(doc: YamlDoc, config: Configuration, appIds: Set<string>): Problem[] {
  const acl = config.spec.accessControl;
  if (!acl) return [];
  const problems: Problem[] = [];
  const trustDomain = acl.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  const at = (...path: (string | number)[]) => ["spec", "accessControl", ...path];
  acl.policies?.forEach((policy, i) => {
    if (!appIds.has(policy.appId))
      problems.push(doc.problem(at("policies", i, "appId"), `unknown app id '${policy.appId}' (services: ${[...appIds].join(", ")})`));
    if (policy.trustDomain !== trustDomain)
      problems.push(
        doc.problem(
          at("policies", i, "trustDomain"),
          `callers' certificates carry trust domain '${trustDomain}' (accessControl.trustDomain): this policy would never match`,
        ),
      );
    if (policy.namespace !== SELF_HOSTED_NAMESPACE)
      problems.push(
        doc.problem(
          at("policies", i, "namespace"),
          `self-hosted sidecars are in namespace '${SELF_HOSTED_NAMESPACE}': this policy would never match`,
        ),
      );
    policy.operations?.forEach((op, j) => {
      if (!operationNamesRoute(op.name))
        problems.push(
          doc.problem(
            at("policies", i, "operations", j, "name"),
            `'${op.name}' names no service route (mesh/contracts BiddingRoutes, AuctionsRoutes, IdentityRoutes, PaymentsRoutes, NotificationsRoutes, SearchRoutes, MediaRoutes, AuditRoutes)`,
          ),
        );
      op.httpVerb?.forEach((verb, k) => {
        if (!HTTP_VERBS.has(verb))
          problems.push(
            doc.problem(
              at("policies", i, "operations", j, "httpVerb", k),
              `'${verb}' is not a verb daprd matches (upper case: ${[...HTTP_VERBS].join(", ")})`,
            ),
          );
      });
    });
  });
  return problems;
}
