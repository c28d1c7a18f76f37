import {
  type AuctionEvent,
  type AuctionSnapshot,
  OpenAuctionRequest,
  PlaceBidCommand,
  type PlaceBidResult,
  Topics,
} from "@auction-mesh/contracts";
import { createLogger, type Logger, Sidecar } from "@auction-mesh/service-kit";
import { AbstractActor, Temporal } from "@dapr/dapr";
import { z } from "zod";
import { type AuctionState, closeAuction, openAuction, placeBid, snapshotOf } from "./domain/auction.js";

const STATE_KEY = "auction";
const PlaceBidBatch = z.array(PlaceBidCommand).min(1).max(1000);
/** How often a live auction retries events the broker has not acknowledged. */
const DRAIN_PERIOD_SECONDS = 10;
const OUTBOX_KEY = "outbox";
/** Reminder payloads: the SDK hands receiveReminder the data, not the reminder's name. */
const Reminders = {
  close: { name: "close", data: "close" },
  drain: { name: "drain-outbox", data: "drain-outbox" },
} as const;

export interface AuctionActorDeps {
  logger: Logger;
  now: () => Date;
}

/**
 * One actor per live auction. Dapr runs at most one call at a time per actor id, so this is
 * the single writer of its auction's state: bids are serialised without locks.
 *
 * Events are never lost: each turn saves the new state and its events (the outbox) in one
 * actor state transaction, then publishes them. What is not acknowledged (a failed publish, a
 * crash between save and publish) stays in the outbox, which the next activation and a
 * periodic reminder (every DRAIN_PERIOD_SECONDS while the auction lives) drain in order. A
 * crash after publishing but before the next save republishes the last events; consumers drop
 * repeats by sequence number.
 */
export class AuctionActor extends AbstractActor {
  /** The SDK constructs actors itself, so their dependencies are set once, before start. */
  static deps: AuctionActorDeps = { logger: createLogger("bidding"), now: () => new Date() };

  static configure(deps: Partial<AuctionActorDeps>): typeof AuctionActor {
    AuctionActor.deps = { ...AuctionActor.deps, ...deps };
    return AuctionActor;
  }

  /** Highest sequence this activation has published (lost on deactivation: then republish). */
  private publishedUpTo = 0;

  private get sidecar(): Sidecar {
    return new Sidecar(this.getDaprClient());
  }

  private get log(): Logger {
    return AuctionActor.deps.logger;
  }

  private get auctionId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<AuctionState | null> {
    const [exists, state] = await this.getStateManager<AuctionState>().tryGetState(STATE_KEY);
    return exists && state ? state : null;
  }

  private async outbox(): Promise<AuctionEvent[]> {
    const [exists, events] = await this.getStateManager<AuctionEvent[]>().tryGetState(OUTBOX_KEY);
    return exists && events ? events : [];
  }

  /**
   * One state transaction: the new state plus the events not yet known to be published; then
   * publishes them. Answers whether everything is published. Published events are trimmed
   * from the saved outbox by the next commit, so a turn costs one write.
   */
  private async commit(state: AuctionState, events: AuctionEvent[]): Promise<boolean> {
    const pending = [...(await this.outbox()).filter((e) => e.sequence > this.publishedUpTo), ...events];
    const manager = this.getStateManager<unknown>();
    await manager.setState(STATE_KEY, state);
    await manager.setState(OUTBOX_KEY, pending);
    await manager.saveState();
    return this.drain();
  }

  /**
   * Publishes the outbox in order; stops at the first failure (order matters) and leaves the
   * rest to the next drain. Answers whether everything is published.
   */
  private async drain(): Promise<boolean> {
    for (const event of await this.outbox()) {
      if (event.sequence <= this.publishedUpTo) continue;
      try {
        await this.sidecar.publish(Topics.auctionEvents, event);
        this.publishedUpTo = event.sequence;
      } catch (err) {
        this.log.warn({ err, auctionId: this.auctionId, sequence: event.sequence }, "publish failed; event kept in the outbox");
        return false;
      }
    }
    return true;
  }

  /**
   * Off the hot path (activation, the periodic reminder): publishes what an earlier activation
   * left in the saved outbox and, once all of it is out, saves the outbox empty, so later
   * activations do not publish the same events again. Answers whether everything is published.
   */
  private async flushOutbox(): Promise<boolean> {
    if ((await this.outbox()).length === 0) return true;
    if (!(await this.drain())) return false;
    const manager = this.getStateManager<unknown>();
    await manager.setState(OUTBOX_KEY, []);
    await manager.saveState();
    return true;
  }

  private async scheduleClose(endsAt: string): Promise<void> {
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

  /** Opens the auction and schedules its close; opening an open auction changes nothing. */
  async open(body: unknown): Promise<AuctionSnapshot> {
    const request = OpenAuctionRequest.parse(body);
    const existing = await this.load();
    if (existing) return snapshotOf(existing);
    const state = openAuction(request);
    await this.commit(state, []);
    await this.scheduleClose(state.endsAt);
    const period = Temporal.Duration.from({ seconds: DRAIN_PERIOD_SECONDS });
    await this.registerActorReminder(Reminders.drain.name, period, period, undefined, Reminders.drain.data);
    this.log.info({ auctionId: this.auctionId, endsAt: state.endsAt }, "auction opened");
    return snapshotOf(state);
  }

  /**
   * Applies a batch of bids in one turn with one state write (group commit: the caller
   * batches what arrives while the previous turn runs). One answer per bid, in order.
   */
  async placeBids(body: unknown): Promise<PlaceBidResult[]> {
    const commands = PlaceBidBatch.parse(body);
    const initial = await this.load();
    if (!initial) {
      return commands.map((c) => ({
        accepted: false,
        auctionId: c.auctionId,
        code: "AUCTION_NOT_FOUND",
        message: `No live auction ${c.auctionId}`,
      }));
    }
    const now = AuctionActor.deps.now();
    let state = initial;
    const events: AuctionEvent[] = [];
    const results = commands.map((command) => {
      const outcome = placeBid(state, command, now);
      state = outcome.state;
      events.push(...outcome.events);
      return outcome.result;
    });
    if (state !== initial) await this.commit(state, events);
    if (events.some((e) => e.type === "auction-extended")) await this.scheduleClose(state.endsAt);
    return results;
  }

  async getSnapshot(): Promise<AuctionSnapshot | null> {
    const state = await this.load();
    return state ? snapshotOf(state) : null;
  }

  /** Events saved by an earlier activation that may not have reached the broker. */
  override async onActivate(): Promise<void> {
    await this.flushOutbox();
  }

  /** Logged at info: operators (and tests) see state outlive the in-memory instance. */
  override async onDeactivate(): Promise<void> {
    this.log.info({ auctionId: this.auctionId }, "auction actor deactivated");
  }

  override async receiveReminder(data: unknown): Promise<void> {
    // Anything but a drain reminder is treated as "close": close() itself checks the end time.
    if (String(data).replace(/^"|"$/g, "") !== Reminders.drain.data) return this.close();
    // After the close, once everything is out, the periodic drain is no longer needed.
    const published = await this.flushOutbox();
    if (published && (await this.load())?.status === "closed") await this.unregisterActorReminder(Reminders.drain.name);
  }

  private async close(): Promise<void> {
    const state = await this.load();
    if (!state) return;
    const now = AuctionActor.deps.now();
    // An extension may have moved the end after this reminder was set.
    if (now.getTime() < Date.parse(state.endsAt)) return this.scheduleClose(state.endsAt);
    const { state: closed, event } = closeAuction(state, now);
    if (!event) return;
    if (await this.commit(closed, [event])) await this.unregisterActorReminder(Reminders.drain.name);
    this.log.info(
      { auctionId: this.auctionId, winnerId: event.winnerId, finalPrice: event.finalPrice, reserveMet: event.reserveMet },
      "auction closed",
    );
  }
}
