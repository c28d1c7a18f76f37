import { type AuctionClosedEvent, type AuctionEvent, AuctionEventBatch, MAX_EVENTS_PER_MESSAGE } from "@auction-mesh/contracts";
import type { Logger } from "@auction-mesh/service-kit";
import { type ActorState, read } from "./actor-state.js";

const OUTBOX_KEY = "outbox";
/** Whether the drain reminder is registered (saved with the outbox it guards). */
const ARMED_KEY = "drain-armed";

/** What the outbox needs from its actor and the mesh. */
export interface OutboxPorts {
  /** Publishes one message; throws when the broker did not take it. */
  publish(batch: AuctionEventBatch): Promise<void>;
  /** Publishes a close on the results topic, after its batch; throws when the broker did not take it. */
  announce(result: AuctionClosedEvent): Promise<void>;
  /** Hands a message that can never be published to the dead-letter hospital; throws when it could not. */
  quarantine(batch: unknown, reason: string): Promise<void>;
  armReminder(): Promise<void>;
  disarmReminder(): Promise<void>;
}

/** Consecutive events in messages of at most MAX_EVENTS_PER_MESSAGE. */
export function toMessages(auctionId: string, events: AuctionEvent[]): unknown[] {
  const messages: unknown[] = [];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_MESSAGE) {
    messages.push({ auctionId, events: events.slice(i, i + MAX_EVENTS_PER_MESSAGE) });
  }
  return messages;
}

/**
 * The transactional outbox of one auction. A turn stages its events with its state (one actor
 * state transaction), then publishes them as one message (or a few: MAX_EVENTS_PER_MESSAGE)
 * before the turn answers; a close also goes out alone on the results topic. What the broker has
 * not acknowledged stays saved and is published
 * again by the next turn, the next activation or the drain reminder, in order; consumers drop
 * repeats by sequence.
 *
 * The drain reminder is armed only when a publish fails, before the turn answers: then a bid
 * someone was told is accepted waits in the outbox, and the reminder publishes it without
 * waiting for another call. A crash between the save and the publish answers nobody; the saved
 * events go out at the auction's next activation (the bidder's retry with the same key, the next
 * bid, or the close reminder, whose close event is published after them). A tick that finds the
 * saved outbox empty disarms the reminder. Arming on every first event after a quiet period cost
 * a scheduler registration, two reminder calls, two state writes and an unregistration per burst:
 * with 1,000 auctions that each got a bid or two, ~25-32 ms of CPU per bid across the mesh.
 *
 * A message that breaks its topic's contract (written by an older version, or corrupted) can
 * never be published: it goes to the dead-letter hospital instead of blocking the auction.
 */
export class Outbox {
  /** Highest sequence this activation has published (lost on deactivation: then republish). */
  private publishedUpTo = 0;
  private armed: boolean | undefined;

  constructor(
    private readonly state: ActorState,
    private readonly ports: OutboxPorts,
    private readonly auctionId: string,
    private readonly log: Logger,
  ) {}

  private saved(): Promise<AuctionEvent[]> {
    return read<AuctionEvent[]>(this.state, OUTBOX_KEY, []);
  }

  /** Stages `events` after what is still unpublished; saved by the caller's saveState. */
  async stage(events: AuctionEvent[]): Promise<void> {
    const pending = [...(await this.saved()).filter((e) => e.sequence > this.publishedUpTo), ...events];
    await this.state.setState(OUTBOX_KEY, pending);
  }

  /**
   * Publishes what is unpublished, in order; stops at the first failure and arms the drain
   * reminder for what is left. Answers whether all went.
   */
  async drain(): Promise<boolean> {
    if (await this.publish()) return true;
    await this.arm().catch((err: unknown) =>
      this.log.error({ err, auctionId: this.auctionId }, "could not arm the drain reminder; the next call publishes the outbox"),
    );
    return false;
  }

  private async publish(): Promise<boolean> {
    const unpublished = (await this.saved()).filter((e) => e.sequence > this.publishedUpTo);
    for (const message of toMessages(this.auctionId, unpublished)) {
      const batch = AuctionEventBatch.safeParse(message);
      const last = (message as { events: AuctionEvent[] }).events.at(-1) as AuctionEvent;
      try {
        if (batch.success) {
          await this.ports.publish(batch.data);
          // A failure here republishes the batch too: its consumers drop repeats by sequence.
          for (const event of batch.data.events) if (event.type === "auction-closed") await this.ports.announce(event);
        } else await this.ports.quarantine(message, `breaks the auction.events contract: ${batch.error.issues[0]?.message ?? "invalid"}`);
        this.publishedUpTo = last.sequence;
      } catch (err) {
        this.log.warn({ err, auctionId: this.auctionId, sequence: last.sequence }, "publish failed; events kept in the outbox");
        return false;
      }
    }
    return true;
  }

  /** Off the hot path: publishes an earlier activation's leftovers and saves the outbox empty. */
  async flush(): Promise<boolean> {
    if ((await this.saved()).length === 0) return true;
    if (!(await this.drain())) return false;
    await this.state.setState(OUTBOX_KEY, []);
    await this.state.saveState();
    return true;
  }

  /** The drain reminder's tick: a whole period with nothing saved stands the reminder down. */
  async tick(): Promise<void> {
    if ((await this.saved()).length > 0) {
      await this.flush();
      return;
    }
    await this.ports.disarmReminder();
    await this.state.setState(ARMED_KEY, false);
    await this.state.saveState();
    this.armed = false;
  }

  /** Registers the drain reminder once, and saves that it is armed. */
  private async arm(): Promise<void> {
    if (this.armed === undefined) this.armed = await read(this.state, ARMED_KEY, false);
    if (this.armed) return;
    await this.ports.armReminder();
    await this.state.setState(ARMED_KEY, true);
    await this.state.saveState();
    this.armed = true;
  }
}
