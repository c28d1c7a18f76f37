import {
  type AuctionEvent,
  LiveEventFrame as EventFrame,
  JoinAnswer,
  LiveBidAnswer,
  LiveMessages,
  OutbidEvent,
} from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";
import { type BidRequest, placeBidOverHttp } from "../api/auctions";
import { ApiError } from "../api/http";
import type { BidOutcome } from "../domain/bid-outcome";
import { personPushes } from "./person-pushes";

/** What the room shows about the socket: "reconnecting" drives the banner. */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting";

export interface RoomConnectionHandlers {
  /** A join answered: a snapshot, or exactly the events after the sequence we sent. */
  onJoined(answer: Exclude<JoinAnswer, { kind: "error" }>, roundTrip: { sentAt: number; receivedAt: number }): void;
  onJoinFailed(code: string, message: string): void;
  onEvent(event: AuctionEvent): void;
  /** Personal alert: the signed-in bidder lost the lead. */
  onOutbid(event: OutbidEvent): void;
  onStatus(status: ConnectionStatus): void;
  /** The gateway refused our token (expired, revoked, from another key): the session is over. */
  onTokenRefused(code: string): void;
}

const ACK_TIMEOUT_MS = 10_000;
const REFUSED_RETRY_MS = 3000;
const TOKEN_PROBLEMS = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "UNAUTHENTICATED"]);

/**
 * One auction room over Socket.IO. Joins on every (re)connect, passing the last applied
 * sequence so the gateway answers with only what was missed; socket.io-client does the
 * reconnecting with backoff. Bids go over the socket, or over REST while it is down.
 */
export class RoomConnection {
  private readonly socket: Socket;
  private stopped = false;
  private joining = false;
  private retryTimer: number | undefined;
  private readonly carriesPushes: boolean;

  constructor(
    private readonly auctionId: string,
    token: string | null,
    private readonly lastSequence: () => number | undefined,
    private readonly handlers: RoomConnectionHandlers,
  ) {
    this.socket = io({
      path: "/socket.io",
      auth: token ? { token } : {},
      // One long-lived connection; polling would need sticky sessions across gateway replicas.
      transports: ["websocket"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      autoConnect: false,
    });
    this.socket.on("connect", () => {
      handlers.onStatus("connected");
      void this.join();
      if (token !== null) personPushes.connected();
    });
    this.socket.on("disconnect", (reason) => {
      if (this.stopped) return;
      handlers.onStatus("reconnecting");
      // The server closing us is not retried by socket.io-client on its own.
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
      if (this.stopped) return;
      if (this.socket.active) return handlers.onStatus("reconnecting"); // a network failure: socket.io-client retries
      // Refused by the gateway's handshake check, which socket.io-client does not retry.
      const code = err.data?.code ?? "CONNECT_REFUSED";
      if (TOKEN_PROBLEMS.has(code)) return handlers.onTokenRefused(code);
      handlers.onStatus("reconnecting");
      this.retryTimer = window.setTimeout(() => this.socket.connect(), REFUSED_RETRY_MS);
    });
    this.socket.on(LiveMessages.events, (raw: unknown) => {
      const frame = EventFrame.safeParse(raw);
      if (!frame.success) return;
      for (const event of frame.data) if (event.auctionId === this.auctionId) handlers.onEvent(event);
    });
    this.socket.on(LiveMessages.outbid, (raw: unknown) => {
      const event = OutbidEvent.safeParse(raw);
      if (event.success && event.data.auctionId === this.auctionId) handlers.onOutbid(event.data);
    });
    // A signed-in person's notifications come on this socket too: the bell takes them from here.
    this.carriesPushes = token !== null;
    this.socket.on(LiveMessages.notification, (raw: unknown) => personPushes.deliver(raw));
  }

  start(): void {
    this.handlers.onStatus("connecting");
    this.socket.connect();
    if (this.carriesPushes) personPushes.carrying(true);
  }

  stop(): void {
    if (this.carriesPushes && !this.stopped) personPushes.carrying(false);
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /** Joins (or re-joins after a gap) from the last applied sequence. */
  async join(): Promise<void> {
    if (this.joining || !this.socket.connected) return;
    this.joining = true;
    const lastSequence = this.lastSequence();
    const request = lastSequence === undefined ? { auctionId: this.auctionId } : { auctionId: this.auctionId, lastSequence };
    const sentAt = Date.now();
    try {
      const raw: unknown = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(LiveMessages.join, request);
      const answer = JoinAnswer.safeParse(raw);
      if (!answer.success) return this.handlers.onJoinFailed("BAD_RESPONSE", "The live feed sent an answer this page does not understand.");
      if (answer.data.kind === "error") return this.handlers.onJoinFailed(answer.data.code, answer.data.message);
      this.handlers.onJoined(answer.data, { sentAt, receivedAt: Date.now() });
    } catch {
      // No answer in time: drop the connection so the reconnect path joins again.
      if (!this.stopped && this.socket.connected) {
        this.socket.disconnect();
        this.socket.connect();
      }
    } finally {
      this.joining = false;
    }
  }

  async bid(request: BidRequest): Promise<BidOutcome> {
    if (!this.socket.connected) return this.bidOverHttp(request);
    try {
      const raw: unknown = await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck(LiveMessages.bid, { auctionId: this.auctionId, ...request });
      return toOutcome(raw);
    } catch {
      // The ack was lost with the connection; the idempotency key makes the REST retry safe.
      return this.bidOverHttp(request);
    }
  }

  private async bidOverHttp(request: BidRequest): Promise<BidOutcome> {
    try {
      return toOutcome(await placeBidOverHttp(this.auctionId, request));
    } catch (err) {
      if (err instanceof ApiError) {
        // 409 carries the rejection fields (code, message, minimumNextBid) as its body.
        const rejected = LiveBidAnswer.safeParse(err.body);
        if (rejected.success) return toOutcome(rejected.data);
        return { kind: "rejected", code: err.code, message: err.message };
      }
      return { kind: "rejected", code: "NETWORK", message: "Your bid could not be sent." };
    }
  }
}

function toOutcome(raw: unknown): BidOutcome {
  const answer = LiveBidAnswer.safeParse(raw);
  if (!answer.success)
    return { kind: "rejected", code: "BAD_RESPONSE", message: "The server sent an answer this page does not understand." };
  const a = answer.data;
  if (a.accepted) {
    return {
      kind: "accepted",
      leading: a.leading,
      sequence: a.sequence,
      currentPrice: a.currentPrice,
      minimumNextBid: a.minimumNextBid,
      endsAt: a.endsAt,
    };
  }
  return {
    kind: "rejected",
    code: a.code,
    message: a.message,
    ...("minimumNextBid" in a && a.minimumNextBid !== undefined ? { minimumNextBid: a.minimumNextBid } : {}),
  };
}
