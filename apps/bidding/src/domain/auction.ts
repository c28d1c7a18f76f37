/**
 * The rules of one live auction, as plain data and functions: no Dapr, no Express, so they
 * unit-test in milliseconds. AuctionActor is the only caller that persists their results.
 *
 * Auto-bids (proxy bidding) resolve at the second price: each bidder has a maximum (a plain
 * bid's maximum is its amount); the highest maximum leads, paying one increment over the
 * runner-up's maximum (capped at its own maximum, raised to the reserve when its maximum
 * covers it). On equal maxima the earlier bidder keeps the lead.
 */
import type {
  AntiSniping,
  AuctionClosedEvent,
  AuctionEvent,
  AuctionSnapshot,
  BidRecord,
  IncrementRule,
  OpenAuctionRequest,
  PlaceBidResult,
  VerifiedBid,
} from "@auction-mesh/contracts";
import { incrementAt } from "./increments.js";

/** How many recent bids a snapshot carries. */
export const SNAPSHOT_BIDS = 10;

export interface AuctionState {
  auctionId: string;
  sellerId: string;
  status: "open" | "closed";
  startingPrice: number;
  reservePrice: number | null;
  incrementRule: IncrementRule;
  antiSniping: AntiSniping;
  endsAt: string;
  currentPrice: number | null;
  leaderId: string | null;
  /** The leader's auto-bid maximum: private, never in a snapshot or event. */
  leaderMax: number | null;
  sequence: number;
  recentBids: BidRecord[];
}

export function openAuction(request: OpenAuctionRequest): AuctionState {
  return {
    auctionId: request.auctionId,
    sellerId: request.sellerId,
    status: "open",
    startingPrice: request.startingPrice,
    reservePrice: request.reservePrice,
    incrementRule: request.incrementRule,
    antiSniping: request.antiSniping,
    endsAt: new Date(request.endsAt).toISOString(),
    currentPrice: null,
    leaderId: null,
    leaderMax: null,
    sequence: 0,
    recentBids: [],
  };
}

export function minimumNextBid(state: AuctionState): number {
  return state.currentPrice === null ? state.startingPrice : state.currentPrice + incrementAt(state.incrementRule, state.currentPrice);
}

export function reserveMet(state: AuctionState): boolean {
  return state.currentPrice !== null && (state.reservePrice === null || state.currentPrice >= state.reservePrice);
}

export interface BidOutcome {
  state: AuctionState;
  result: PlaceBidResult;
  events: AuctionEvent[];
}

type Rejection = Extract<PlaceBidResult, { accepted: false }>["code"];

/** Collects the events of one command, numbering them from the state's sequence. */
class Changes {
  readonly events: AuctionEvent[] = [];
  constructor(
    private state: AuctionState,
    private readonly at: string,
  ) {}

  get current(): AuctionState {
    return this.state;
  }

  /** `notify`: tell the previous leader they were outbid (not when they retake the lead at once). */
  bid(bidderId: string, amount: number, auto: boolean, leaderMax: number, notify = true): void {
    const previousLeader = this.state.leaderId;
    const sequence = this.state.sequence + 1;
    const record: BidRecord = { sequence, bidderId, amount, auto, placedAt: this.at };
    this.state = {
      ...this.state,
      currentPrice: amount,
      leaderId: bidderId,
      leaderMax,
      sequence,
      recentBids: [record, ...this.state.recentBids].slice(0, SNAPSHOT_BIDS),
    };
    this.events.push({
      type: "bid-placed",
      auctionId: this.state.auctionId,
      sequence,
      at: this.at,
      bidderId,
      amount,
      auto,
      minimumNextBid: minimumNextBid(this.state),
      reserveMet: reserveMet(this.state),
    });
    if (notify && previousLeader && previousLeader !== bidderId) this.outbid(previousLeader);
  }

  outbid(bidderId: string): void {
    const sequence = this.state.sequence + 1;
    this.state = { ...this.state, sequence };
    this.events.push({
      type: "outbid",
      auctionId: this.state.auctionId,
      sequence,
      at: this.at,
      bidderId,
      currentPrice: this.state.currentPrice ?? 0,
    });
  }

  extendTo(endsAt: string): void {
    const sequence = this.state.sequence + 1;
    this.state = { ...this.state, endsAt, sequence };
    this.events.push({ type: "auction-extended", auctionId: this.state.auctionId, sequence, at: this.at, endsAt });
  }
}

/** The leader's price once its maximum meets the reserve: the reserve, if that is higher. */
function withReserve(state: AuctionState, price: number, max: number): number {
  return state.reservePrice !== null && max >= state.reservePrice ? Math.max(price, state.reservePrice) : price;
}

/** The bid rules for one new bid (idempotency and the contract guard are turn.ts's job). */
export function placeBid(state: AuctionState, bid: VerifiedBid, now: Date): BidOutcome {
  const reject = (code: Rejection, message: string): BidOutcome => {
    const result: PlaceBidResult = { accepted: false, auctionId: state.auctionId, code, message, minimumNextBid: minimumNextBid(state) };
    return { state, result, events: [] };
  };

  if (state.status !== "open" || now.getTime() >= Date.parse(state.endsAt)) return reject("AUCTION_CLOSED", "The auction has ended");
  if (bid.bidderId === state.sellerId) return reject("SELLER_CANNOT_BID", "Sellers cannot bid on their own auction");
  if (bid.bidderId === state.leaderId) {
    // The leader may raise their auto-bid maximum (a private change), never bid against themselves.
    const currentMax = state.leaderMax ?? state.currentPrice ?? 0;
    if (bid.maxAmount === undefined || bid.maxAmount <= currentMax) {
      return reject("ALREADY_LEADING", "You are already the highest bidder; to go higher automatically, raise your maximum");
    }
    return raiseMaximum(state, bid.bidderId, bid.maxAmount, now);
  }
  const minimum = minimumNextBid(state);
  if (bid.amount < minimum) return reject("BID_TOO_LOW", `The minimum bid is ${minimum}`);

  const at = now.toISOString();
  const changes = new Changes(state, at);
  const max = Math.max(bid.maxAmount ?? bid.amount, bid.amount);
  const leader = state.leaderId;
  const leaderMax = state.leaderMax ?? 0;

  if (leader === null) {
    changes.bid(bid.bidderId, withReserve(state, bid.amount, max), false, max);
  } else if (max <= leaderMax) {
    // The leader's auto-bid answers: this bid counts, then is outbid at once.
    if (max < leaderMax) changes.bid(bid.bidderId, max, max > bid.amount, max, false);
    const answer = Math.min(leaderMax, max + incrementAt(state.incrementRule, max));
    changes.bid(leader, withReserve(state, answer, leaderMax), true, leaderMax);
    if (max === leaderMax) changes.outbid(bid.bidderId);
  } else {
    // The newcomer's maximum is higher: the old leader's auto-bid goes as far as it can first.
    if (leaderMax > (state.currentPrice ?? 0)) changes.bid(leader, leaderMax, true, leaderMax);
    const price = Math.max(bid.amount, Math.min(max, leaderMax + incrementAt(state.incrementRule, leaderMax)));
    changes.bid(bid.bidderId, withReserve(state, price, max), price > bid.amount, max);
  }

  // Anti-sniping: a bid this close to the end pushes the end back.
  const { windowSeconds, extensionSeconds } = state.antiSniping;
  const endsAtMs = Date.parse(changes.current.endsAt);
  if (extensionSeconds > 0 && endsAtMs - now.getTime() <= windowSeconds * 1000) {
    const extended = now.getTime() + extensionSeconds * 1000;
    if (extended > endsAtMs) changes.extendTo(new Date(extended).toISOString());
  }

  const after = changes.current;
  const result: PlaceBidResult = {
    accepted: true,
    auctionId: state.auctionId,
    leading: after.leaderId === bid.bidderId,
    sequence: after.sequence,
    currentPrice: after.currentPrice ?? bid.amount,
    minimumNextBid: minimumNextBid(after),
    endsAt: after.endsAt,
  };
  return { state: after, result, events: changes.events };
}

/**
 * The leader raises their auto-bid maximum. Nothing public changes, unless the new maximum
 * now covers the reserve: then the price rises to the reserve (an auto bid everyone sees).
 */
function raiseMaximum(state: AuctionState, leaderId: string, maxAmount: number, now: Date): BidOutcome {
  const changes = new Changes({ ...state, leaderMax: maxAmount }, now.toISOString());
  const price = withReserve(state, state.currentPrice ?? 0, maxAmount);
  if (price > (state.currentPrice ?? 0)) changes.bid(leaderId, price, true, maxAmount, false);
  const after = changes.current;
  const result: PlaceBidResult = {
    accepted: true,
    auctionId: state.auctionId,
    leading: true,
    sequence: after.sequence,
    currentPrice: after.currentPrice ?? price,
    minimumNextBid: minimumNextBid(after),
    endsAt: after.endsAt,
  };
  return { state: after, result, events: changes.events };
}

/** Closes the auction once (a change, so it takes the next sequence); a second close is a no-op. */
export function closeAuction(state: AuctionState, now: Date): { state: AuctionState; event: AuctionClosedEvent | null } {
  if (state.status === "closed") return { state, event: null };
  const met = reserveMet(state);
  const closed: AuctionState = { ...state, status: "closed", sequence: state.sequence + 1 };
  return {
    state: closed,
    event: {
      type: "auction-closed",
      auctionId: state.auctionId,
      sequence: closed.sequence,
      at: now.toISOString(),
      winnerId: met ? state.leaderId : null,
      finalPrice: met ? state.currentPrice : null,
      reserveMet: met,
      runnerUp: met ? runnerUpOf(state) : null,
    },
  };
}

/**
 * The highest bid of someone other than the leader, if it meets the reserve: prices only
 * rise, so it is that bidder's newest bid. Only the last bids are kept (SNAPSHOT_BIDS); after
 * a longer run of the leader's own (auto-)bids there is no runner-up to offer the lot to.
 */
function runnerUpOf(state: AuctionState): { bidderId: string; amount: number } | null {
  const bid = state.recentBids.find((b) => b.bidderId !== state.leaderId);
  if (!bid || (state.reservePrice !== null && bid.amount < state.reservePrice)) return null;
  return { bidderId: bid.bidderId, amount: bid.amount };
}

export function snapshotOf(state: AuctionState): AuctionSnapshot {
  return {
    auctionId: state.auctionId,
    status: state.status,
    sellerId: state.sellerId,
    startingPrice: state.startingPrice,
    incrementRule: state.incrementRule,
    hasReserve: state.reservePrice !== null,
    reserveMet: reserveMet(state),
    currentPrice: state.currentPrice,
    leaderId: state.leaderId,
    minimumNextBid: minimumNextBid(state),
    sequence: state.sequence,
    endsAt: state.endsAt,
    lastBids: state.recentBids,
  };
}
