import { DeadLetterTopicPrefix } from "@auction-mesh/contracts";
import type { Subscription } from "../dapr-schemas.js";
import type { Problem } from "../yaml-source.js";
import type { CheckContext } from "./context.js";
import type { Loaded } from "./load.js";

/** Each subscription reads a pub/sub of the profile, routes somewhere, names its subscribers and dead-letters properly. */
export function subscriptionProblems(ctx: CheckContext, subscriptions: Loaded<Subscription>[]): Problem[] {
  const subscribedTopics = new Set(subscriptions.map((s) => s.value.spec.topic));
  return subscriptions.flatMap((s) => [
    ...pubsubProblems(ctx, s),
    ...routeProblems(s),
    ...(s.value.scopes ? [] : [s.doc.problem(["metadata"], "every subscription lists its subscriber app ids under 'scopes'")]),
    ...deadLetterProblems(s, subscribedTopics),
    ...unknownScopeProblems(ctx, s),
  ]);
}

function pubsubProblems({ byName, broken, manifest }: CheckContext, s: Loaded<Subscription>): Problem[] {
  const name = s.value.spec.pubsubname;
  // A broken component's own problems are reported already.
  if (broken.has(name) || byName.get(name)?.value.spec.type.startsWith("pubsub.")) return [];
  return [s.doc.problem(["spec", "pubsubname"], `no pub/sub component named '${name}' in profile '${manifest.profile}'`)];
}

function routeProblems(s: Loaded<Subscription>): Problem[] {
  if (s.value.spec.routes.default || s.value.spec.routes.rules?.length) return [];
  return [s.doc.problem(["spec", "routes"], "give a default route or rules")];
}

/**
 * A message a subscriber cannot take must land somewhere an admin sees it (the message
 * hospital), not vanish. Only the hospital's own subscriptions to dead-letter topics go
 * without one (they answer RETRY and the broker keeps the message).
 */
function deadLetterProblems(s: Loaded<Subscription>, subscribedTopics: Set<string>): Problem[] {
  const deadLetter = s.value.spec.deadLetterTopic;
  const problem = (path: string[], message: string) => [s.doc.problem(path, message)];
  if (s.value.spec.topic.startsWith(DeadLetterTopicPrefix)) {
    return deadLetter ? problem(["spec", "deadLetterTopic"], "a dead-letter topic's own subscription must not dead-letter again") : [];
  }
  if (!deadLetter) return problem(["spec"], `every subscription needs a deadLetterTopic (${DeadLetterTopicPrefix}<app>)`);
  if (!deadLetter.startsWith(DeadLetterTopicPrefix))
    return problem(["spec", "deadLetterTopic"], `dead-letter topics start with '${DeadLetterTopicPrefix}' (got '${deadLetter}')`);
  if (!subscribedTopics.has(deadLetter)) {
    return problem(
      ["spec", "deadLetterTopic"],
      `no subscription reads '${deadLetter}': its dead letters would go unseen (dapr/subscriptions/dead-letters-<app>.yaml)`,
    );
  }
  return [];
}

function unknownScopeProblems({ appIds }: CheckContext, s: Loaded<Subscription>): Problem[] {
  return (s.value.scopes ?? []).flatMap((scope, i) =>
    appIds.has(scope) ? [] : [s.doc.problem(["scopes", i], `unknown app id '${scope}'`)],
  );
}
