import type { AuctionEvent, AuctionSnapshot, BidRecord } from "@auction-mesh/contracts";
import { bidderLabel } from "./bidder-label";

/** How a closed auction ended: null winner means no sale (no bids, or the reserve was not met). */
export interface RoomOutcome {
  winnerId: string | null;
  finalPrice: number | null;
  reserveMet: boolean;
}

/**
 * The live auction as one watcher sees it: built from a snapshot, then moved forward by
 * events strictly in sequence order. Pure data, so it can be tested and replayed.
 */
export interface RoomState {
  auctionId: string;
  /** False until the first snapshot arrived; events that come earlier wait in `pending`. */
  ready: boolean;
  status: "open" | "closed";
  sellerId: string;
  hasReserve: boolean;
  reserveMet: boolean;
  currentPrice: number | null;
  leaderId: string | null;
  minimumNextBid: number;
  /** The last applied sequence: a resume asks for exactly what came after it. */
  sequence: number;
  endsAt: string;
  /** Accepted bids, newest first, one row per sequence. */
  bids: BidRecord[];
  outcome: RoomOutcome | null;
  /** The latest anti-sniping extension, so the room can say the end moved. */
  lastExtension: { sequence: number; endsAt: string } | null;
  /** Events that arrived ahead of a gap (or before the snapshot), held until the gap is filled. */
  pending: AuctionEvent[];
}

export type RoomAction =
  /** A join answered with a fresh snapshot (plus events already newer than it). */
  | { type: "snapshot"; snapshot: AuctionSnapshot; events: AuctionEvent[] }
  /** Events from a resumed join, or one of a live `auction:events` frame. */
  | { type: "events"; events: AuctionEvent[] }
  /** An older page of bid history (REST), merged below what the room already shows. */
  | { type: "older-bids"; bids: BidRecord[] };

export function emptyRoom(auctionId: string): RoomState {
  return {
    auctionId,
    ready: false,
    status: "open",
    sellerId: "",
    hasReserve: false,
    reserveMet: false,
    currentPrice: null,
    leaderId: null,
    minimumNextBid: 0,
    sequence: 0,
    endsAt: new Date(0).toISOString(),
    bids: [],
    outcome: null,
    lastExtension: null,
    pending: [],
  };
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case "snapshot":
      return applyEvents(fromSnapshot(state, action.snapshot), action.events);
    case "events":
      return applyEvents(state, action.events);
    case "older-bids":
      return { ...state, bids: mergeBids(state.bids, action.bids) };
  }
}

/**
 * A snapshot replaces the live figures, but keeps bid rows already shown (history never
 * changes) and any early events that are newer than the snapshot.
 */
function fromSnapshot(previous: RoomState, s: AuctionSnapshot): RoomState {
  return {
    auctionId: s.auctionId,
    ready: true,
    status: s.status,
    sellerId: s.sellerId,
    hasReserve: s.hasReserve,
    reserveMet: s.reserveMet,
    currentPrice: s.currentPrice,
    leaderId: s.leaderId,
    minimumNextBid: s.minimumNextBid,
    sequence: s.sequence,
    endsAt: s.endsAt,
    bids: mergeBids(
      previous.bids.filter((b) => b.sequence <= s.sequence),
      s.lastBids,
    ),
    outcome: s.status === "closed" ? (previous.outcome ?? closedOutcome(s)) : null,
    lastExtension: previous.lastExtension,
    pending: previous.pending.filter((e) => e.sequence > s.sequence),
  };
}

/** A snapshot of a closed auction: the leader won only if the reserve (if any) was met. */
function closedOutcome(s: AuctionSnapshot): RoomOutcome {
  const sold = s.leaderId !== null && (s.reserveMet || !s.hasReserve);
  return { winnerId: sold ? s.leaderId : null, finalPrice: sold ? s.currentPrice : null, reserveMet: s.reserveMet };
}

/**
 * Applies what follows the last applied sequence, in order. Repeats (sequence already
 * applied) are dropped; events beyond a gap are kept in `pending` until the gap is filled.
 */
export function applyEvents(state: RoomState, events: readonly AuctionEvent[]): RoomState {
  const bySequence = new Map<number, AuctionEvent>();
  for (const e of [...state.pending, ...events]) {
    if (!state.ready || e.sequence > state.sequence) bySequence.set(e.sequence, e);
  }
  const queued = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  if (!state.ready) return { ...state, pending: queued };

  let next: RoomState = { ...state, pending: [] };
  let i = 0;
  for (; i < queued.length; i++) {
    const event = queued[i] as AuctionEvent;
    if (event.sequence !== next.sequence + 1) break;
    next = applyOne(next, event);
  }
  next.pending = queued.slice(i);
  return next;
}

/** True when events are waiting behind a missing sequence: the room should re-join to fetch it. */
export function hasGap(state: RoomState): boolean {
  return state.ready && state.pending.length > 0;
}

function applyOne(state: RoomState, event: AuctionEvent): RoomState {
  const moved = { ...state, sequence: event.sequence };
  switch (event.type) {
    case "bid-placed":
      return {
        ...moved,
        currentPrice: event.amount,
        leaderId: event.bidderId,
        minimumNextBid: event.minimumNextBid,
        reserveMet: event.reserveMet ?? state.reserveMet,
        bids: mergeBids(state.bids, [
          { sequence: event.sequence, bidderId: event.bidderId, amount: event.amount, auto: event.auto, placedAt: event.at },
        ]),
      };
    case "outbid":
      // The bid that caused it was applied just before; only the price is repeated here.
      return { ...moved, currentPrice: event.currentPrice };
    case "auction-extended":
      return { ...moved, endsAt: event.endsAt, lastExtension: { sequence: event.sequence, endsAt: event.endsAt } };
    case "auction-closed":
      return {
        ...moved,
        status: "closed",
        reserveMet: event.reserveMet,
        currentPrice: event.finalPrice ?? state.currentPrice,
        outcome: { winnerId: event.winnerId, finalPrice: event.finalPrice, reserveMet: event.reserveMet },
      };
  }
}

/** Union of two bid lists by sequence (the identity of a bid), newest first. */
export function mergeBids(current: readonly BidRecord[], incoming: readonly BidRecord[]): BidRecord[] {
  const bySequence = new Map<number, BidRecord>();
  for (const b of current) bySequence.set(b.sequence, b);
  for (const b of incoming) if (!bySequence.has(b.sequence)) bySequence.set(b.sequence, b);
  return [...bySequence.values()].sort((a, b) => b.sequence - a.sequence);
}

/** What the big number is: the live price, or once closed what it sold for (or closed at). */
export function priceLabel(room: Pick<RoomState, "status" | "outcome">): string {
  if (room.status !== "closed") return "Current price";
  return room.outcome?.winnerId ? "Sold for" : "Closing price";
}

/** Who won, said once the auction is closed (never "highest bidder" any more). */
export function closedLeaderLine(room: Pick<RoomState, "outcome" | "leaderId" | "reserveMet" | "hasReserve">, myId: string | null): string {
  const winner = room.outcome?.winnerId ?? null;
  if (winner !== null) return winner === myId ? "You won this auction" : `Won by ${bidderLabel(winner, myId)}`;
  if (room.leaderId === null) return "Closed with no bids";
  return room.hasReserve && !room.reserveMet ? "Not sold: the reserve price was not met" : "Not sold";
}

export function reserveLine(room: Pick<RoomState, "status" | "reserveMet">): string {
  if (room.reserveMet) return "Reserve met";
  return room.status === "closed" ? "Reserve not met" : "Reserve not met yet";
}
