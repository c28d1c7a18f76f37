/**
 * One actor turn: a batch of bids applied in order to one auction, with two guarantees the
 * bid rules alone do not give. Pure: no Dapr, no Express.
 *
 * - Idempotency per bidder: a key a bidder used before gets that first answer back (keys are
 *   the bidder's own: two bidders choosing the same key never see each other's answers).
 * - No poison: a bid whose outcome (new events, its answer, the auction's snapshot) breaks the
 *   auction's own contracts is refused (`BID_UNPROCESSABLE`) and changes nothing, so the actor
 *   never commits a state or an event that consumers would reject. Amounts are bounded at the
 *   edge (MAX_AMOUNT) so this cannot happen with valid input; the check is what makes it
 *   impossible rather than unlikely.
 */
import {
  AuctionEvent,
  AuctionSnapshot,
  type PlaceBidResult,
  PlaceBidResult as PlaceBidResultSchema,
  type VerifiedBid,
} from "@auction-mesh/contracts";
import type { AnswerBook } from "./answer-book.js";
import { type AuctionState, type BidOutcome, minimumNextBid, placeBid, snapshotOf } from "./auction.js";

/** A bid the actor could not take at all (broken command, unverified bidder): answered as is. */
export interface Refused {
  refused: Extract<PlaceBidResult, { accepted: false }>;
}

export interface TurnOutcome {
  state: AuctionState;
  events: AuctionEvent[];
  results: PlaceBidResult[];
  /** The answers this turn decided: `results` less the retries answered from the book (counted once, when first given). */
  decided: PlaceBidResult[];
}

/** The answer book's key: idempotency keys belong to their bidder. */
export const answerKey = (bid: Pick<VerifiedBid, "bidderId" | "idempotencyKey">) => `${bid.bidderId}\n${bid.idempotencyKey}`;

/** What is wrong with an outcome by the contracts, or undefined when it is sound. */
export function contractBreach(outcome: BidOutcome): string | undefined {
  for (const event of outcome.events) {
    const parsed = AuctionEvent.safeParse(event);
    if (!parsed.success) return `event ${event.type}: ${parsed.error.issues[0]?.message ?? "invalid"}`;
  }
  const result = PlaceBidResultSchema.safeParse(outcome.result);
  if (!result.success) return `answer: ${result.error.issues[0]?.message ?? "invalid"}`;
  // Only a changed state can break the snapshot; refusals leave it as it was.
  if (outcome.events.length > 0) {
    const snapshot = AuctionSnapshot.safeParse(snapshotOf(outcome.state));
    if (!snapshot.success) return `snapshot: ${snapshot.error.issues[0]?.message ?? "invalid"}`;
  }
  return undefined;
}

/** Applies one verified bid once, refusing it when its outcome breaks a contract; a retry gets the first answer (`replayed`). */
export function placeGuarded(state: AuctionState, book: AnswerBook, bid: VerifiedBid, now: Date): BidOutcome & { replayed?: true } {
  const key = answerKey(bid);
  const previous = book.get(key);
  if (previous) return { state, result: previous, events: [], replayed: true };
  let outcome = placeBid(state, bid, now);
  const breach = contractBreach(outcome);
  if (breach) {
    outcome = {
      state,
      events: [],
      result: {
        accepted: false,
        auctionId: state.auctionId,
        code: "BID_UNPROCESSABLE",
        message: `This bid cannot be taken: ${breach}`,
        minimumNextBid: minimumNextBid(state),
      },
    };
  }
  book.record(key, outcome.result, now.getTime());
  return outcome;
}

/** Applies a batch in order; one answer per input, in order. */
export function applyTurn(initial: AuctionState, book: AnswerBook, bids: (VerifiedBid | Refused)[], now: Date): TurnOutcome {
  let state = initial;
  const events: AuctionEvent[] = [];
  const decided: PlaceBidResult[] = [];
  const results = bids.map((bid) => {
    if ("refused" in bid) {
      decided.push(bid.refused);
      return bid.refused;
    }
    const outcome = placeGuarded(state, book, bid, now);
    state = outcome.state;
    events.push(...outcome.events);
    if (!outcome.replayed) decided.push(outcome.result);
    return outcome.result;
  });
  return { state, events, results, decided };
}
