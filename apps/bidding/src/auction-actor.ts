import {
  type AuctionActorApi,
  type AuctionEvent,
  type AuctionSnapshot,
  OpenAuctionRequest,
  PlaceBidBatch,
  type PlaceBidResult,
  Topics,
} from "@auction-mesh/contracts";
import { createLogger, inSpan, type Logger, Sidecar, type TokenVerifier } from "@auction-mesh/service-kit";
import { AbstractActor, Temporal } from "@dapr/dapr";
import type { ActorState } from "./actor-state.js";
import { type AnswerRetention, AnswerStore } from "./answer-store.js";
import { admitBid } from "./bid-admission.js";
import { type AuctionState, closeAuction, openAuction, snapshotOf } from "./domain/auction.js";
import { applyTurn } from "./domain/turn.js";
import { BiddingMetrics } from "./metrics.js";
import { Outbox } from "./outbox.js";

const STATE_KEY = "auction";
/** Reminder payloads: the SDK hands receiveReminder the data, not the reminder's name. */
const Reminders = {
  close: { name: "close", data: "close" },
  drain: { name: "drain-outbox", data: "drain-outbox" },
} as const;

export interface AuctionActorDeps {
  logger: Logger;
  now: () => Date;
  /** How often an auction with unpublished events retries them. */
  drainPeriodSeconds: number;
  /** How long a bid's answer is kept for retries with its idempotency key, and how many at most. */
  answerRetention: AnswerRetention;
  /** Checks the bidder tokens that travel with bids. */
  verifier: TokenVerifier | undefined;
  /** Hands a message that can never be published to the dead-letter hospital. */
  quarantine: (sidecar: Sidecar, payload: unknown, reason: string) => Promise<void>;
  /** Calls `closeIfDue` on an auction's actor through the sidecar (the close timer's call). */
  closeThroughSidecar: (auctionId: string) => Promise<void>;
  /** Bids accepted and refused, and how long turns take. */
  metrics: BiddingMetrics;
}

/** How long after its end the in-process close timer calls, so the reminder normally wins. */
const CLOSE_TIMER_GRACE_MS = 250;

/**
 * One actor per live auction. Dapr runs at most one call at a time per actor id, so this is
 * the single writer of its auction's state: bids are serialised without locks. A turn applies
 * a batch of bids (turn.ts), saves the state, the events (Outbox) and the new idempotency
 * answers (AnswerStore) in one actor state transaction, then publishes the events as one
 * message. This class only wires those together and talks to Dapr.
 */
export class AuctionActor extends AbstractActor implements AuctionActorApi {
  /** The SDK constructs actors itself, so their dependencies are set once, before start. */
  static deps: AuctionActorDeps = {
    logger: createLogger("bidding"),
    now: () => new Date(),
    drainPeriodSeconds: 10,
    answerRetention: { ms: 5 * 60_000, maxKept: 100_000 },
    verifier: undefined,
    quarantine: async () => {
      throw new Error("no dead-letter hospital configured");
    },
    closeThroughSidecar: async () => {},
    metrics: BiddingMetrics.unscraped(),
  };

  static configure(deps: Partial<AuctionActorDeps>): typeof AuctionActor {
    AuctionActor.deps = { ...AuctionActor.deps, ...deps };
    return AuctionActor;
  }

  private stores: { answers: AnswerStore; outbox: Outbox; sidecar: Sidecar } | undefined;
  private closeTimer: NodeJS.Timeout | undefined;

  private get log(): Logger {
    return AuctionActor.deps.logger;
  }

  private get auctionId(): string {
    return this.getActorId().getId();
  }

  private get state(): ActorState {
    return this.getStateManager<unknown>() as unknown as ActorState;
  }

  /** The actor's stores, made once per activation. */
  private get parts() {
    if (!this.stores) {
      const sidecar = new Sidecar(this.getDaprClient());
      const period = Temporal.Duration.from({ seconds: AuctionActor.deps.drainPeriodSeconds });
      const outbox = new Outbox(
        this.state,
        {
          publish: (batch) => sidecar.publish(Topics.auctionEvents, batch),
          announce: (result) => sidecar.publish(Topics.auctionResults, result),
          quarantine: (payload, reason) => AuctionActor.deps.quarantine(sidecar, payload, reason),
          armReminder: () => this.registerActorReminder(Reminders.drain.name, period, period, undefined, Reminders.drain.data),
          disarmReminder: () => this.unregisterActorReminder(Reminders.drain.name),
        },
        this.auctionId,
        this.log,
      );
      this.stores = { answers: new AnswerStore(this.state, AuctionActor.deps.answerRetention), outbox, sidecar };
    }
    return this.stores;
  }

  private async load(): Promise<AuctionState | null> {
    const [exists, state] = await this.state.tryGetState(STATE_KEY);
    return exists && state ? (state as AuctionState) : null;
  }

  /** One state transaction (state, events, answers), then one publish. Answers whether all went out. */
  private async commit(state: AuctionState, events: AuctionEvent[]): Promise<boolean> {
    const { answers, outbox } = this.parts;
    await outbox.stage(events);
    await this.state.setState(STATE_KEY, state);
    try {
      await answers.stage(AuctionActor.deps.now().getTime());
      await this.state.saveState();
    } catch (err) {
      // The SDK marks staged changes saved before it awaits the write: after a failure its cache
      // holds what the store does not (and staged deletions are never sent). Read afresh.
      answers.forget();
      await this.state.clearCache();
      throw err;
    }
    return outbox.drain();
  }

  /**
   * The close reminder's backup while the actor is in memory: a plain timer that calls
   * `closeIfDue` through the sidecar (so it takes its turn like any call) just after the end.
   * After a scheduler restart daprd 1.18.2 delivered no reminders for ~20 s (chaos test), so
   * auctions closed that late; closing is idempotent, so whichever comes first closes once.
   */
  private armCloseTimer(endsAt: string): void {
    clearTimeout(this.closeTimer);
    const due = Date.parse(endsAt) - AuctionActor.deps.now().getTime() + CLOSE_TIMER_GRACE_MS;
    const id = this.auctionId;
    this.closeTimer = setTimeout(
      () => {
        AuctionActor.deps
          .closeThroughSidecar(id)
          .catch((err: unknown) => this.log.warn({ err, auctionId: id }, "close timer's call failed; the reminder closes it"));
      },
      Math.max(0, due),
    );
    this.closeTimer.unref();
  }

  private async scheduleClose(endsAt: string): Promise<void> {
    this.armCloseTimer(endsAt);
    const dueSeconds = Math.max(0, Math.ceil((Date.parse(endsAt) - AuctionActor.deps.now().getTime()) / 1000));
    // A reminder (not a timer): it lives in the scheduler and survives restarts and rebalancing.
    // Registering the same name again moves it (anti-sniping extensions).
    await this.registerActorReminder(
      Reminders.close.name,
      Temporal.Duration.from({ seconds: dueSeconds }),
      undefined,
      undefined,
      Reminders.close.data,
    );
  }

  async open(body: unknown): Promise<AuctionSnapshot> {
    const request = OpenAuctionRequest.parse(body);
    const existing = await this.load();
    if (existing) return snapshotOf(existing);
    const state = openAuction(request);
    await this.commit(state, []);
    await this.scheduleClose(state.endsAt);
    this.log.info({ auctionId: this.auctionId, endsAt: state.endsAt }, "auction opened");
    return snapshotOf(state);
  }

  async placeBids(body: unknown): Promise<PlaceBidResult[]> {
    const endTurn = AuctionActor.deps.metrics.startTurn();
    try {
      const attributes = { "auction.id": this.auctionId, "auction.bids": Array.isArray(body) ? body.length : 0 };
      return await inSpan("AuctionActor.placeBids turn", { attributes }, () => this.takeTurn(body));
    } finally {
      endTurn();
    }
  }

  /** Answers are counted once committed: a turn that fails before answers no one, and its retry decides them. */
  private async takeTurn(body: unknown): Promise<PlaceBidResult[]> {
    const { metrics } = AuctionActor.deps;
    const commands = PlaceBidBatch.parse(body);
    const initial = await this.load();
    if (!initial) {
      const message = `No live auction ${this.auctionId}`;
      const results = commands.map(
        (): PlaceBidResult => ({ accepted: false, auctionId: this.auctionId, code: "AUCTION_NOT_FOUND", message }),
      );
      metrics.answered(results);
      return results;
    }
    const verifier = AuctionActor.deps.verifier;
    if (!verifier) throw new Error("AuctionActor has no token verifier configured");
    const bids = await Promise.all(commands.map((raw) => admitBid(raw, this.auctionId, verifier)));
    const now = AuctionActor.deps.now();
    const book = await this.parts.answers.load(now.getTime());
    const turn = applyTurn(initial, book, bids, now);
    // Refusals change no state but their answers must be kept too.
    if (turn.state !== initial || book.hasUnsaved) await this.commit(turn.state, turn.events);
    metrics.answered(turn.decided);
    if (turn.events.some((e) => e.type === "auction-extended")) await this.scheduleClose(turn.state.endsAt);
    return turn.results;
  }

  async getSnapshot(): Promise<AuctionSnapshot | null> {
    const state = await this.load();
    return state ? snapshotOf(state) : null;
  }

  async closeIfDue(): Promise<null> {
    await this.close();
    return null;
  }

  /** Events saved by an earlier activation that may not have reached the broker; the close timer again. */
  override async onActivate(): Promise<void> {
    await this.parts.outbox.flush();
    const state = await this.load();
    if (state?.status === "open") this.armCloseTimer(state.endsAt);
  }

  /** Logged at info: operators (and tests) see state outlive the in-memory instance. */
  override async onDeactivate(): Promise<void> {
    clearTimeout(this.closeTimer);
    this.log.info({ auctionId: this.auctionId }, "auction actor deactivated");
  }

  override async receiveReminder(data: unknown): Promise<void> {
    // Anything but a drain reminder is treated as "close": close() itself checks the end time.
    if (String(data).replace(/^"|"$/g, "") !== Reminders.drain.data) return this.close();
    await this.parts.outbox.tick();
  }

  private async close(): Promise<void> {
    const state = await this.load();
    if (!state) return;
    const now = AuctionActor.deps.now();
    // An extension may have moved the end after this reminder was set.
    if (now.getTime() < Date.parse(state.endsAt)) return this.scheduleClose(state.endsAt);
    const { state: closed, event } = closeAuction(state, now);
    if (!event) return;
    // Published or not, the close event stays in the outbox until a drain tick trims it; the
    // tick after that disarms the reminder.
    await this.commit(closed, [event]);
    this.log.info(
      { auctionId: this.auctionId, winnerId: event.winnerId, finalPrice: event.finalPrice, reserveMet: event.reserveMet },
      "auction closed",
    );
  }
}
