import type { ActorApi, ActorContract } from "@auction-mesh/contracts";
import type { z } from "zod";
import type { MeshEnv } from "./config.js";
import { HttpError } from "./http-errors.js";
import { SidecarHttp } from "./sidecar-http.js";
import { inSpan, SpanKind } from "./trace.js";

/**
 * Calls actor methods through the app's own sidecar (Dapr actor API), from any app: the
 * sidecar finds the actor's host through placement and calls it over the mesh. Answers are
 * parsed with the caller's zod contract, like service invocation.
 */
export class ActorClient {
  private readonly http: SidecarHttp;
  private readonly timeoutMs: number;

  constructor(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_HTTP_PORT" | "DAPR_API_TOKEN" | "ACTOR_CALL_TIMEOUT_MS">) {
    this.http = new SidecarHttp(config, "/v1.0/actors");
    this.timeoutMs = config.ACTOR_CALL_TIMEOUT_MS;
  }

  /**
   * Calls `method(...args)` on the actor. The JS SDK's actor host spreads a JSON array body into
   * the method's arguments (and passes anything else as the one argument), so the arguments
   * always travel as an array: a method taking one array gets `[theArray]`. An empty answer
   * (the actor API's form of a null result) parses as null.
   */
  async invoke<S extends z.ZodType>(actorType: string, actorId: string, method: string, args: unknown[], response: S): Promise<z.infer<S>> {
    const attributes = { "dapr.actor.type": actorType, "dapr.actor.id": actorId, "dapr.actor.method": method };
    return inSpan(`actor ${actorType}.${method}`, { kind: SpanKind.CLIENT, attributes }, () =>
      this.call(actorType, actorId, method, args, response),
    );
  }

  private async call<S extends z.ZodType>(
    actorType: string,
    actorId: string,
    method: string,
    args: unknown[],
    response: S,
  ): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await this.http.request(`/${actorType}/${encodeURIComponent(actorId)}/method/${method}`, "POST", args, this.timeoutMs);
    } catch (err) {
      if ((err as Error).name === "TimeoutError") {
        throw new HttpError(504, "UPSTREAM_TIMEOUT", `${actorType}/${actorId}.${method}: no answer within ${this.timeoutMs} ms`);
      }
      throw new HttpError(502, "UPSTREAM_FAILED", `${actorType}/${actorId}.${method}: sidecar unreachable (${(err as Error).message})`);
    }
    const text = await res.text();
    if (!res.ok)
      throw new HttpError(502, "UPSTREAM_FAILED", `${actorType}/${actorId}.${method} failed: status ${res.status} ${text.slice(0, 200)}`);
    const parsed = response.safeParse(text ? JSON.parse(text) : null);
    if (!parsed.success) {
      throw new HttpError(502, "UPSTREAM_CONTRACT_BROKEN", `${actorType}.${method} answered outside its contract: ${parsed.error.message}`);
    }
    return parsed.data;
  }
}

/**
 * The typed way to call one actor: `actorProxy(actors, AuctionActorContract, id).placeBids(bids)`.
 * Method names and payload types come from the contract in mesh/contracts, never from strings.
 */
export function actorProxy<C extends ActorContract>(actors: ActorClient, contract: C, actorId: string): ActorApi<C> {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const [method, { output }] of Object.entries(contract.methods)) {
    api[method] = (input?: unknown) => actors.invoke(contract.type, actorId, method, input === undefined ? [] : [input], output);
  }
  return api as ActorApi<C>;
}
