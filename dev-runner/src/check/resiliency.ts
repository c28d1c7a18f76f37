import { ActorTypes, HttpEndpoints } from "@auction-mesh/contracts";
import type { Resiliency, Subscription } from "../dapr-schemas.js";
import type { Problem } from "../yaml-source.js";
import type { CheckContext } from "./context.js";
import type { Loaded } from "./load.js";

type PolicyRefs = { timeout?: string; retry?: string; circuitBreaker?: string };
type PolicyRefProblems = (path: (string | number)[], refs: PolicyRefs) => Problem[];

/** Each resiliency's targets name apps, actor types and components that exist, and policies it defines. */
export function resiliencyProblems(ctx: CheckContext, resiliencies: Loaded<Resiliency>[]): Problem[] {
  return resiliencies.flatMap((r) => {
    const refProblems = policyRefProblems(r);
    return [
      ...appTargetProblems(ctx, r, refProblems),
      ...actorTargetProblems(r, refProblems),
      ...componentTargetProblems(ctx, r, refProblems),
    ];
  });
}

/** Checks a target's references against the policies the resiliency file defines. */
function policyRefProblems(r: Loaded<Resiliency>): PolicyRefProblems {
  const { policies } = r.value.spec;
  const exists = {
    timeout: new Set(Object.keys(policies.timeouts ?? {})),
    retry: new Set(Object.keys(policies.retries ?? {})),
    circuitBreaker: new Set(Object.keys(policies.circuitBreakers ?? {})),
  };
  return (path, refs) =>
    (["timeout", "retry", "circuitBreaker"] as const).flatMap((kind) => {
      const ref = refs[kind];
      // A timeout may also be written inline as a duration.
      if (!ref || exists[kind].has(ref) || (kind === "timeout" && /^[0-9]/.test(ref))) return [];
      return [r.doc.problem([...path, kind], `no ${kind} policy named '${ref}'`)];
    });
}

/** Apps, and the HTTPEndpoints the runner writes (calls through a sidecar to a server outside the mesh). */
function appTargetProblems({ appIds }: CheckContext, r: Loaded<Resiliency>, refProblems: PolicyRefProblems): Problem[] {
  const endpoints = new Set<string>(Object.values(HttpEndpoints));
  return Object.entries(r.value.spec.targets.apps ?? {}).flatMap(([app, refs]) => [
    ...(appIds.has(app) || endpoints.has(app)
      ? []
      : [r.doc.problem(["spec", "targets", "apps", app], `unknown app id or HTTPEndpoint '${app}'`)]),
    ...refProblems(["spec", "targets", "apps", app], refs),
  ]);
}

function actorTargetProblems(r: Loaded<Resiliency>, refProblems: PolicyRefProblems): Problem[] {
  const actorTypes = new Set<string>(Object.values(ActorTypes));
  return Object.entries(r.value.spec.targets.actors ?? {}).flatMap(([actor, refs]) => [
    ...(actorTypes.has(actor) ? [] : [r.doc.problem(["spec", "targets", "actors", actor], `unknown actor type '${actor}'`)]),
    ...refProblems(["spec", "targets", "actors", actor], refs),
    ...actorTimeoutProblems(r, actor, refs),
  ]);
}

/**
 * daprd 1.18.2 applies an actor target's timeout after the actor lock too, and cancels its
 * context before reading an HTTP-hosted actor's answer (dapr/dapr#10140): calls fail with
 * "failed to read response data: context canceled" after the actor did the work.
 */
function actorTimeoutProblems(r: Loaded<Resiliency>, actor: string, refs: PolicyRefs): Problem[] {
  if (!refs.timeout) return [];
  return [
    r.doc.problem(
      ["spec", "targets", "actors", actor, "timeout"],
      "daprd 1.18 cuts HTTP-hosted actors' answers when an actor target has a timeout (dapr/dapr#10140); callers bound actor calls themselves (ACTOR_CALL_TIMEOUT_MS)",
    ),
  ];
}

function componentTargetProblems(
  { byName, broken, manifest }: CheckContext,
  r: Loaded<Resiliency>,
  refProblems: PolicyRefProblems,
): Problem[] {
  return Object.entries(r.value.spec.targets.components ?? {}).flatMap(([component, dirs]) => {
    const path = ["spec", "targets", "components", component];
    return [
      ...(byName.has(component) || broken.has(component)
        ? []
        : [r.doc.problem(path, `no component named '${component}' in profile '${manifest.profile}'`)]),
      ...(dirs.outbound ? refProblems([...path, "outbound"], dirs.outbound) : []),
      ...(dirs.inbound ? refProblems([...path, "inbound"], dirs.inbound) : []),
    ];
  });
}

/**
 * Every pub/sub a subscription reads needs an inbound retry in dapr/resiliency: without one a
 * delivery that fails once (an app restarting, a kept-alive connection the app just closed)
 * waits for the broker's own redelivery, which Redis streams make a minute or more.
 */
export function deliveryRetryProblems(subscriptions: Loaded<Subscription>[], resiliencies: Loaded<Resiliency>[]): Problem[] {
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
