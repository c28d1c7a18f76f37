/**
 * The rules of one live auction, as plain data and functions: no Dapr, no Express, so they
 * unit-test in milliseconds. AuctionActor is the only caller that persists their results.
 * (The full rule set, auto-bids and anti-sniping arrive with the live-bidding work.)
 */
import type {
  AuctionClosedEvent,
  AuctionSnapshot,
  BidPlacedEvent,
  BidRecord,
  OpenAuctionRequest,
  PlaceBidCommand,
  PlaceBidResult,
} from "@auction-mesh/contracts";

/** How many recent bids a snapshot carries. */
export const SNAPSHOT_BIDS = 10;

export interface AuctionState {
  auctionId: string;
  sellerId: string;
  status: "open" | "closed";
  startingPrice: number;
  increment: number;
  endsAt: string;
  currentPrice: number | null;
  leaderId: string | null;
  sequence: number;
  recentBids: BidRecord[];
  /** idempotency key -> the answer first given, so a retried bid never counts twice. */
  answers: Record<string, PlaceBidResult>;
}

export function openAuction(request: OpenAuctionRequest): AuctionState {
  return {
    auctionId: request.auctionId,
    sellerId: request.sellerId,
    status: "open",
    startingPrice: request.startingPrice,
    increment: request.increment,
    endsAt: new Date(request.endsAt).toISOString(),
    currentPrice: null,
    leaderId: null,
    sequence: 0,
    recentBids: [],
    answers: {},
  };
}

export function minimumNextBid(state: AuctionState): number {
  return state.currentPrice === null ? state.startingPrice : state.currentPrice + state.increment;
}

export interface BidOutcome {
  state: AuctionState;
  result: PlaceBidResult;
  event: BidPlacedEvent | null;
}

export function placeBid(state: AuctionState, bid: PlaceBidCommand, now: Date): BidOutcome {
  const previous = state.answers[bid.idempotencyKey];
  if (previous) return { state, result: previous, event: null };

  const reject = (code: Extract<PlaceBidResult, { accepted: false }>["code"], message: string): BidOutcome => {
    const result: PlaceBidResult = {
      accepted: false,
      auctionId: state.auctionId,
      code,
      message,
      minimumNextBid: minimumNextBid(state),
    };
    return { state: { ...state, answers: { ...state.answers, [bid.idempotencyKey]: result } }, result, event: null };
  };

  if (state.status !== "open" || now.getTime() >= Date.parse(state.endsAt)) {
    return reject("AUCTION_CLOSED", "The auction has ended");
  }
  if (bid.bidderId === state.sellerId) return reject("SELLER_CANNOT_BID", "Sellers cannot bid on their own auction");
  if (bid.bidderId === state.leaderId) return reject("ALREADY_LEADING", "You are already the highest bidder");
  const minimum = minimumNextBid(state);
  if (bid.amount < minimum) return reject("BID_TOO_LOW", `The minimum bid is ${minimum}`);

  const sequence = state.sequence + 1;
  const placedAt = now.toISOString();
  const record: BidRecord = { sequence, bidderId: bid.bidderId, amount: bid.amount, placedAt };
  const next: AuctionState = {
    ...state,
    currentPrice: bid.amount,
    leaderId: bid.bidderId,
    sequence,
    recentBids: [record, ...state.recentBids].slice(0, SNAPSHOT_BIDS),
    answers: {},
  };
  const result: PlaceBidResult = {
    accepted: true,
    auctionId: state.auctionId,
    sequence,
    amount: bid.amount,
    minimumNextBid: minimumNextBid(next),
  };
  next.answers = { ...state.answers, [bid.idempotencyKey]: result };
  const event: BidPlacedEvent = {
    type: "bid-placed",
    auctionId: state.auctionId,
    sequence,
    bidderId: bid.bidderId,
    amount: bid.amount,
    previousLeaderId: state.leaderId,
    minimumNextBid: result.minimumNextBid,
    placedAt,
  };
  return { state: next, result, event };
}

/** Closes the auction once (a change, so it takes the next sequence); a second close is a no-op. */
export function closeAuction(state: AuctionState, now: Date): { state: AuctionState; event: AuctionClosedEvent | null } {
  if (state.status === "closed") return { state, event: null };
  const closed: AuctionState = { ...state, status: "closed", sequence: state.sequence + 1 };
  return {
    state: closed,
    event: {
      type: "auction-closed",
      auctionId: state.auctionId,
      sequence: closed.sequence,
      winnerId: state.leaderId,
      finalPrice: state.currentPrice,
      closedAt: now.toISOString(),
    },
  };
}

export function snapshotOf(state: AuctionState): AuctionSnapshot {
  return {
    auctionId: state.auctionId,
    status: state.status,
    sellerId: state.sellerId,
    startingPrice: state.startingPrice,
    increment: state.increment,
    currentPrice: state.currentPrice,
    leaderId: state.leaderId,
    minimumNextBid: minimumNextBid(state),
    sequence: state.sequence,
    endsAt: state.endsAt,
    lastBids: state.recentBids,
  };
}
