import type { Server as HttpServer } from "node:http";
import {
  type AuctionEvent,
  type JoinAnswer,
  JoinRequest,
  type LiveBidAnswer,
  LiveBidRequest,
  LiveHandshake,
  LiveMessages,
  type NotificationPush,
  type TokenClaims,
  WatchCardsRequest,
} from "@auction-mesh/contracts";
import { contextFrom, HttpError, inSpan, type Logger, SpanKind, type TokenVerifier } from "@auction-mesh/service-kit";
import { Server } from "socket.io";
import { cardUpdate } from "./domain/cards.js";
import { FrameCoalescer } from "./domain/frames.js";
import type { LiveFeed } from "./domain/live-feed.js";
import type { GatewayMetrics } from "./metrics.js";
import type { PlaceBid } from "./place-bid.js";
import type { Snapshots } from "./snapshots.js";

const auctionRoom = (auctionId: string) => `auction:${auctionId}`;
const CARD_ROOM_PREFIX = "card:";
const cardRoom = (auctionId: string) => `${CARD_ROOM_PREFIX}${auctionId}`;
/** List cards move at most this often per auction, however many bids (the room's frames are finer). */
const CARD_FRAME_MS = 1_000;
const bidderRoom = (bidderId: string) => `bidder:${bidderId}`;

type Ack<T> = (answer: T) => void;

/** A Socket.IO connect error clients can branch on (`err.data.code`). */
function connectError(reason: { code: string; message: string }): Error {
  return Object.assign(new Error(reason.message), { data: reason });
}

/** A socket message's server span: a root, or the child of the `traceparent` the client sent with it. */
function socketSpan(auctionId: string, traceparent?: string) {
  return {
    kind: SpanKind.SERVER,
    parent: contextFrom(traceparent ? { traceparent } : {}),
    attributes: { "messaging.system": "socket.io", "auction.id": auctionId },
  };
}

function failure(err: unknown): { code: string; message: string } {
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  return { code: "INTERNAL", message: "Internal error" };
}

/**
 * Socket.IO for watchers: a client joins an auction's room and gets a snapshot or exactly the
 * events it missed, then every event in sequence order, in frames (`auction:events`, at most
 * one per room every `frameMs`); a signed-in bidder also gets personal outbid alerts and can
 * bid over the socket (answered by ack). Every gateway replica receives every event from
 * pub/sub, so watchers on any replica see everything.
 */
export class LiveHub {
  readonly io: Server;
  private readonly frames: FrameCoalescer<AuctionEvent>;
  private readonly cards: FrameCoalescer<AuctionEvent>;

  constructor(
    private readonly snapshots: Snapshots,
    private readonly feed: LiveFeed<AuctionEvent>,
    private readonly logger: Logger,
    verifier: TokenVerifier,
    private readonly bids: PlaceBid,
    frameMs: number,
    private readonly metrics: GatewayMetrics,
  ) {
    this.frames = new FrameCoalescer(frameMs, (room, frame) => {
      this.io.to(room).emit(LiveMessages.events, frame);
      // Lag as watchers see it: only frames some socket here receives.
      if (this.io.sockets.adapter.rooms.has(room)) this.metrics.emitted(frame);
    });
    this.cards = new FrameCoalescer(CARD_FRAME_MS, (room, events) => {
      const update = cardUpdate(events);
      if (update) this.io.to(room).emit(LiveMessages.cards, update);
    });
    setInterval(() => {
      this.frames.forgetIdle(60_000);
      this.cards.forgetIdle(60_000);
    }, 60_000).unref();
    this.io = new Server({ serveClient: false, cors: { origin: false } });
    // A token is optional (anyone may watch) but a bad one is refused at connect, with its code.
    this.io.use(async (socket, next) => {
      const handshake = LiveHandshake.safeParse(socket.handshake.auth ?? {});
      if (!handshake.success) return next(connectError({ code: "VALIDATION_FAILED", message: "auth must be { token?: string }" }));
      if (!handshake.data.token) return next();
      try {
        socket.data.user = await verifier.verify(handshake.data.token);
        socket.data.token = handshake.data.token;
        next();
      } catch (err) {
        next(connectError(failure(err)));
      }
    });
    this.io.on("connection", (socket) => {
      this.metrics.watching(socket);
      const user = socket.data.user as TokenClaims | undefined;
      const bidderId = user?.roles.includes("bidder") ? user.sub : undefined;
      if (user) void socket.join(bidderRoom(user.sub));

      socket.on(LiveMessages.join, async (raw: unknown, ack?: Ack<JoinAnswer>) => {
        if (typeof ack !== "function") return;
        const request = JoinRequest.safeParse(raw);
        if (!request.success)
          return ack({ kind: "error", code: "VALIDATION_FAILED", message: request.error.issues.map((i) => i.message).join("; ") });
        // Join first: an event that arrives while we answer reaches the client too (it drops repeats by sequence).
        await socket.join(auctionRoom(request.data.auctionId));
        ack(await inSpan(`socket ${LiveMessages.join}`, socketSpan(request.data.auctionId), () => this.catchUp(request.data)));
      });

      // A list page follows its cards: the new set replaces the old (at most MAX_WATCHED_CARDS).
      socket.on(LiveMessages.watchCards, (raw: unknown) => {
        const request = WatchCardsRequest.safeParse(raw);
        if (!request.success) return;
        for (const room of socket.rooms) if (room.startsWith(CARD_ROOM_PREFIX)) void socket.leave(room);
        void socket.join(request.data.auctionIds.map(cardRoom));
      });

      socket.on(LiveMessages.bid, async (raw: unknown, ack?: Ack<LiveBidAnswer>) => {
        if (typeof ack !== "function") return;
        if (!user) return ack({ accepted: false, code: "UNAUTHENTICATED", message: "Sign in to bid" });
        if (!bidderId) return ack({ accepted: false, code: "FORBIDDEN", message: "This account cannot bid" });
        const request = LiveBidRequest.safeParse(raw);
        if (!request.success)
          return ack({
            accepted: false,
            code: "VALIDATION_FAILED",
            message: request.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
          });
        try {
          const bidder = { id: bidderId, token: socket.data.token as string, ip: socket.handshake.address };
          const { traceparent, ...bid } = request.data;
          ack(await inSpan(`socket ${LiveMessages.bid}`, socketSpan(bid.auctionId, traceparent), () => this.bids.place(bidder, bid)));
        } catch (err) {
          ack({ accepted: false, ...failure(err) });
        }
      });
    });
  }

  attach(server: HttpServer): void {
    this.io.attach(server);
  }

  private async catchUp({ auctionId, lastSequence }: JoinRequest): Promise<JoinAnswer> {
    if (lastSequence !== undefined && this.feed.coversAfter(auctionId, lastSequence)) {
      return { kind: "events", events: this.feed.since(auctionId, lastSequence), serverTime: new Date().toISOString() };
    }
    try {
      const snapshot = await this.snapshots.forJoin(auctionId, (sequence) => this.feed.coversAfter(auctionId, sequence));
      return { kind: "snapshot", snapshot, events: this.feed.since(auctionId, snapshot.sequence), serverTime: new Date().toISOString() };
    } catch (err) {
      return { kind: "error", ...failure(err) };
    }
  }

  /** Fans one auction's new events out: framed to its room, and outbid alerts to those bidders at once. */
  publish(events: AuctionEvent[]): void {
    const first = events[0];
    if (!first) return;
    this.frames.push(auctionRoom(first.auctionId), events);
    // Only auctions some list page shows: the rest cost nothing here.
    const cards = cardRoom(first.auctionId);
    if (this.io.sockets.adapter.rooms.has(cards)) this.cards.push(cards, events);
    for (const event of events) if (event.type === "outbid") this.io.to(bidderRoom(event.bidderId)).emit(LiveMessages.outbid, event);
  }

  /** A person's new notification, to their open sockets on this replica (every replica gets every push). */
  notify({ recipientId, notification, unread }: NotificationPush): void {
    this.io.to(bidderRoom(recipientId)).emit(LiveMessages.notification, { notification, unread });
  }

  async close(): Promise<void> {
    await this.io.close();
    this.logger.debug("live hub closed");
  }
}
