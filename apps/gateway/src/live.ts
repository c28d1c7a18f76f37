import type { Server as HttpServer } from "node:http";
import {
  AppIds,
  type AuctionEvent,
  AuctionSnapshot,
  BiddingRoutes,
  type JoinAnswer,
  JoinRequest,
  type LiveBidAnswer,
  LiveBidRequest,
  LiveHandshake,
  LiveMessages,
  type TokenClaims,
} from "@auction-mesh/contracts";
import { HttpError, type Logger, newTraceContext, runWithTrace, type Sidecar, type TokenVerifier } from "@auction-mesh/service-kit";
import { Server } from "socket.io";
import type { BidPlacer } from "./bid-placer.js";
import type { LiveFeed } from "./domain/live-feed.js";
import type { BidRateLimiter } from "./rate-limits.js";

const auctionRoom = (auctionId: string) => `auction:${auctionId}`;
const bidderRoom = (bidderId: string) => `bidder:${bidderId}`;

type Ack<T> = (answer: T) => void;

/** A Socket.IO connect error clients can branch on (`err.data.code`). */
function connectError(reason: { code: string; message: string }): Error {
  return Object.assign(new Error(reason.message), { data: reason });
}

function failure(err: unknown): { code: string; message: string } {
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  return { code: "INTERNAL", message: "Internal error" };
}

/**
 * Socket.IO for watchers: a client joins an auction's room and gets a snapshot or exactly the
 * events it missed, then every event in sequence order; a signed-in bidder also gets personal
 * outbid alerts and can bid over the socket (answered by ack). Every gateway replica receives
 * every event from pub/sub, so watchers on any replica see everything.
 */
export class LiveHub {
  readonly io: Server;

  constructor(
    private readonly sidecar: Sidecar,
    private readonly feed: LiveFeed<AuctionEvent>,
    private readonly logger: Logger,
    private readonly limits: BidRateLimiter,
    verifier: TokenVerifier,
    private readonly bids: BidPlacer,
  ) {
    this.io = new Server({ serveClient: false, cors: { origin: false } });
    // A token is optional (anyone may watch) but a bad one is refused at connect, with its code.
    this.io.use(async (socket, next) => {
      const handshake = LiveHandshake.safeParse(socket.handshake.auth ?? {});
      if (!handshake.success) return next(connectError({ code: "VALIDATION_FAILED", message: "auth must be { token?: string }" }));
      if (!handshake.data.token) return next();
      try {
        const user = await verifier.verify(handshake.data.token);
        socket.data.user = user;
        next();
      } catch (err) {
        next(connectError(failure(err)));
      }
    });
    this.io.on("connection", (socket) => {
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
        ack(await runWithTrace(newTraceContext(), () => this.catchUp(request.data)));
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
          await this.limits.check(bidderId, socket.handshake.address);
          ack(await runWithTrace(newTraceContext(), () => this.bids.place({ ...request.data, bidderId })));
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
      const snapshot = await this.sidecar.invoke(AppIds.bidding, BiddingRoutes.snapshot, { auctionId }, AuctionSnapshot);
      return { kind: "snapshot", snapshot, events: this.feed.since(auctionId, snapshot.sequence), serverTime: new Date().toISOString() };
    } catch (err) {
      return { kind: "error", ...failure(err) };
    }
  }

  /** Fans one event out: to the auction's room, and an outbid alert to that bidder. */
  publish(event: AuctionEvent): void {
    this.io.to(auctionRoom(event.auctionId)).emit(LiveMessages.event, event);
    if (event.type === "outbid") this.io.to(bidderRoom(event.bidderId)).emit(LiveMessages.outbid, event);
  }

  async close(): Promise<void> {
    await this.io.close();
    this.logger.debug("live hub closed");
  }
}
