import { z } from "zod";
import { AuctionSnapshot, OpenAuctionRequest } from "./auction.js";
import { MAX_BIDS_PER_TURN, PlaceBidResult } from "./bids.js";
import { ActorTypes } from "./names.js";

/**
 * One method of an actor as other apps call it: what goes in (checked by the actor itself,
 * since any sidecar can call any actor) and what comes back (checked by the caller).
 */
export interface ActorMethod<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
}

/**
 * A batch of bids as it travels: each element is checked on its own by the actor, so one
 * malformed bid is refused (`INVALID_BID`) without failing the others in its turn.
 */
export const PlaceBidBatch = z.array(z.unknown()).min(1).max(MAX_BIDS_PER_TURN);

/** The AuctionActor's interface: the one typed way every app calls it (service-kit's `actorProxy`). */
export const AuctionActorContract = {
  type: ActorTypes.auction,
  methods: {
    /** Opens the auction and schedules its close; opening an open auction changes nothing. */
    open: { input: OpenAuctionRequest, output: AuctionSnapshot },
    /** Group commit: one answer per bid, in order, from one actor turn. */
    placeBids: { input: PlaceBidBatch, output: z.array(PlaceBidResult) },
    /** The live view, or null when no auction was opened under this id. */
    getSnapshot: { input: z.undefined(), output: AuctionSnapshot.nullable() },
    /** Closes the auction if its end has passed (the close reminder's backup); answers nothing. */
    closeIfDue: { input: z.undefined(), output: z.null() },
  },
} as const satisfies { type: string; methods: Record<string, ActorMethod<z.ZodType, z.ZodType>> };

export type ActorContract = { type: string; methods: Record<string, ActorMethod<z.ZodType, z.ZodType>> };

/** The methods of an actor contract as a TypeScript interface: `(input) => Promise<output>`. */
export type ActorApi<C extends ActorContract> = {
  [M in keyof C["methods"]]: z.input<C["methods"][M]["input"]> extends undefined
    ? () => Promise<z.infer<C["methods"][M]["output"]>>
    : (input: z.input<C["methods"][M]["input"]>) => Promise<z.infer<C["methods"][M]["output"]>>;
};

/** What the AuctionActor implements and every caller sees. */
export type AuctionActorApi = ActorApi<typeof AuctionActorContract>;
