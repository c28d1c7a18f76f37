import type { OutbidEvent } from "@auction-mesh/contracts";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { bidHistory } from "../api/auctions";
import type { BidOutcome } from "../domain/bid-outcome";
import { emptyRoom, hasGap, type RoomState, roomReducer } from "../domain/room-state";
import { sessionStore } from "../session/session-store";
import { serverClock } from "./clock";
import { type ConnectionStatus, RoomConnection } from "./room-connection";

export interface AuctionRoom {
  state: RoomState;
  status: ConnectionStatus;
  /** Why joining failed (e.g. AUCTION_NOT_FOUND while the auction has not started yet). */
  joinError: { code: string; message: string } | null;
  outbidAlert: OutbidEvent | null;
  dismissOutbid(): void;
  placeBid(amount: number, maxAmount?: number): Promise<BidOutcome>;
  loadOlderBids(): Promise<void>;
  canLoadOlderBids: boolean;
}

interface Options {
  enabled: boolean;
  token: string | null;
  myId: string | null;
  /** Keep trying to join while the auction has not opened yet (it opens at startsAt). */
  retryWhileNotLive: boolean;
}

const NOT_LIVE_RETRY_MS = 2000;

/** The live room for one auction: connection, state reducer, outbid alerts and bidding. */
export function useAuctionRoom(auctionId: string, { enabled, token, myId, retryWhileNotLive }: Options): AuctionRoom {
  const [state, dispatch] = useReducer(roomReducer, auctionId, emptyRoom);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [joinError, setJoinError] = useState<AuctionRoom["joinError"]>(null);
  const [outbidAlert, setOutbidAlert] = useState<OutbidEvent | null>(null);
  const [olderExhausted, setOlderExhausted] = useState(false);
  const connection = useRef<RoomConnection | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const alerted = useRef(new Set<number>());
  const myIdRef = useRef(myId);
  myIdRef.current = myId;
  const retryRef = useRef(retryWhileNotLive);
  retryRef.current = retryWhileNotLive;

  useEffect(() => {
    if (!enabled) return;
    let retryTimer: number | undefined;
    const alert = (e: OutbidEvent) => {
      if (e.bidderId !== myIdRef.current || alerted.current.has(e.sequence)) return;
      alerted.current.add(e.sequence);
      setOutbidAlert(e);
    };
    const conn = new RoomConnection(auctionId, token, () => (stateRef.current.ready ? stateRef.current.sequence : undefined), {
      onJoined(answer, { sentAt, receivedAt }) {
        serverClock.observe(answer.serverTime, sentAt, receivedAt);
        setJoinError(null);
        if (answer.kind === "snapshot") dispatch({ type: "snapshot", snapshot: answer.snapshot, events: answer.events });
        else dispatch({ type: "events", events: answer.events });
        for (const e of answer.events) if (e.type === "outbid") alert(e);
      },
      onJoinFailed(code, message) {
        setJoinError({ code, message });
        if (code === "AUCTION_NOT_FOUND" && retryRef.current) retryTimer = window.setTimeout(() => void conn.join(), NOT_LIVE_RETRY_MS);
      },
      onEvent(event) {
        dispatch({ type: "events", events: [event] });
        if (event.type === "outbid") alert(event);
      },
      onOutbid: alert,
      onStatus: setStatus,
      // Watching needs no token: sign out, and the room reconnects anonymously.
      onTokenRefused: () => sessionStore.set(null),
    });
    connection.current = conn;
    conn.start();
    return () => {
      window.clearTimeout(retryTimer);
      conn.stop();
      connection.current = null;
    };
  }, [auctionId, token, enabled]);

  // A missing sequence: ask the gateway for what came after the last one applied.
  useEffect(() => {
    if (hasGap(state)) void connection.current?.join();
  }, [state]);

  const placeBid = useCallback(async (amount: number, maxAmount?: number): Promise<BidOutcome> => {
    const conn = connection.current;
    if (!conn) return { kind: "rejected", code: "NETWORK", message: "Not connected." };
    const outcome = await conn.bid({ amount, idempotencyKey: crypto.randomUUID(), ...(maxAmount !== undefined ? { maxAmount } : {}) });
    // The ack can outrun the room event: a sequence beyond ours means events are on their way or lost.
    if (outcome.kind === "accepted" && outcome.sequence > stateRef.current.sequence + 1) {
      window.setTimeout(() => {
        if (stateRef.current.sequence < outcome.sequence) void connection.current?.join();
      }, 1500);
    }
    return outcome;
  }, []);

  const loadOlderBids = useCallback(async () => {
    const oldest = stateRef.current.bids.at(-1);
    if (!oldest) return;
    const page = await bidHistory(auctionId, oldest.sequence);
    dispatch({ type: "older-bids", bids: page.bids });
    if (page.nextBefore === null) setOlderExhausted(true);
  }, [auctionId]);

  const oldest = state.bids.at(-1);
  return {
    state,
    status,
    joinError,
    outbidAlert,
    dismissOutbid: useCallback(() => setOutbidAlert(null), []),
    placeBid,
    loadOlderBids,
    canLoadOlderBids: !olderExhausted && oldest !== undefined && oldest.sequence > 1,
  };
}
