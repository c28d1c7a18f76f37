import { type AuctionSnapshot, OpenAuctionRequest, PlaceBidCommand, type PlaceBidResult, Topics } from "@auction-mesh/contracts";
import { createLogger, type Logger, Sidecar } from "@auction-mesh/service-kit";
import { AbstractActor, Temporal } from "@dapr/dapr";
import { type AuctionState, closeAuction, openAuction, placeBid, snapshotOf } from "./domain/auction.js";

const STATE_KEY = "auction";
export const CLOSE_REMINDER = "close";

export interface AuctionActorDeps {
  logger: Logger;
  now: () => Date;
}

/**
 * One actor per live auction. Dapr runs at most one call at a time per actor id, so this is
 * the single writer of its auction's state: bids are serialised without locks.
 */
export class AuctionActor extends AbstractActor {
  /** The SDK constructs actors itself, so their dependencies are set once, before start. */
  static deps: AuctionActorDeps = { logger: createLogger("bidding"), now: () => new Date() };

  static configure(deps: Partial<AuctionActorDeps>): typeof AuctionActor {
    AuctionActor.deps = { ...AuctionActor.deps, ...deps };
    return AuctionActor;
  }

  private get sidecar(): Sidecar {
    return new Sidecar(this.getDaprClient());
  }

  private get auctionId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<AuctionState | null> {
    const [exists, state] = await this.getStateManager<AuctionState>().tryGetState(STATE_KEY);
    return exists && state ? state : null;
  }

  /** Saves now rather than after the call, so an event is only published for saved state. */
  private async save(state: AuctionState): Promise<void> {
    const manager = this.getStateManager<AuctionState>();
    await manager.setState(STATE_KEY, state);
    await manager.saveState();
  }

  /** Opens the auction and schedules its close; opening an open auction changes nothing. */
  async open(body: unknown): Promise<AuctionSnapshot> {
    const request = OpenAuctionRequest.parse(body);
    const existing = await this.load();
    if (existing) return snapshotOf(existing);
    const state = openAuction(request);
    await this.save(state);
    const dueSeconds = Math.max(0, Math.ceil((Date.parse(state.endsAt) - AuctionActor.deps.now().getTime()) / 1000));
    // A reminder (not a timer): it lives in the scheduler and survives restarts and rebalancing.
    await this.registerActorReminder(CLOSE_REMINDER, Temporal.Duration.from({ seconds: dueSeconds }));
    AuctionActor.deps.logger.info({ auctionId: this.auctionId, endsAt: state.endsAt }, "auction opened");
    return snapshotOf(state);
  }

  async placeBid(body: unknown): Promise<PlaceBidResult> {
    const command = PlaceBidCommand.parse(body);
    const state = await this.load();
    if (!state) {
      return {
        accepted: false,
        auctionId: command.auctionId,
        code: "AUCTION_NOT_FOUND",
        message: `No live auction ${command.auctionId}`,
      };
    }
    const outcome = placeBid(state, command, AuctionActor.deps.now());
    if (outcome.state !== state) await this.save(outcome.state);
    // Not yet crash-proof: an outbox in actor state replaces this direct publish later.
    if (outcome.event) await this.sidecar.publish(Topics.bidPlaced, outcome.event);
    return outcome.result;
  }

  async getSnapshot(): Promise<AuctionSnapshot | null> {
    const state = await this.load();
    return state ? snapshotOf(state) : null;
  }

  /** Logged at info: operators (and tests) see state outlive the in-memory instance. */
  override async onDeactivate(): Promise<void> {
    AuctionActor.deps.logger.info({ auctionId: this.auctionId }, "auction actor deactivated");
  }

  override async receiveReminder(_data: string): Promise<void> {
    await this.close();
  }

  private async close(): Promise<void> {
    const state = await this.load();
    if (!state) return;
    const { state: closed, event } = closeAuction(state, AuctionActor.deps.now());
    if (!event) return;
    await this.save(closed);
    await this.sidecar.publish(Topics.auctionClosed, event);
    AuctionActor.deps.logger.info({ auctionId: this.auctionId, winnerId: event.winnerId, finalPrice: event.finalPrice }, "auction closed");
  }
}
