import { AuctionActorContract, type AuctionSnapshot } from "@auction-mesh/contracts";
import { type ActorClient, actorProxy, HttpError } from "@auction-mesh/service-kit";

/** How old a snapshot a join may start from: the live feed supplies every event after it. */
const JOIN_SNAPSHOT_MAX_AGE_MS = 2_000;

/**
 * Reads auctions' live snapshots straight from their actors through this gateway's sidecar
 * (actor API, as bids go: not through bidding's HTTP route, two hops fewer). Reads of one
 * auction that overlap share one actor call, and a join may start from a snapshot read in the
 * last two seconds when the feed holds every event after it: 1,000 sockets joining one auction
 * at once cost one actor call, not 1,000 (each was a full actor turn).
 */
export class Snapshots {
  private readonly inFlight = new Map<string, Promise<AuctionSnapshot>>();
  private readonly recent = new Map<string, { snapshot: AuctionSnapshot; at: number }>();

  constructor(
    private readonly load: (auctionId: string) => Promise<AuctionSnapshot | null>,
    private readonly now: () => number = Date.now,
  ) {}

  static fromActors(actors: ActorClient): Snapshots {
    return new Snapshots((auctionId) => actorProxy(actors, AuctionActorContract, auctionId).getSnapshot());
  }

  /** A snapshot read now (or by a read under way); HttpError 404 AUCTION_NOT_FOUND when no auction was opened. */
  read(auctionId: string): Promise<AuctionSnapshot> {
    let pending = this.inFlight.get(auctionId);
    if (!pending) {
      pending = this.load(auctionId)
        .then((snapshot) => {
          if (!snapshot) throw new HttpError(404, "AUCTION_NOT_FOUND", `No live auction ${auctionId}`);
          this.remember(auctionId, snapshot);
          return snapshot;
        })
        .finally(() => this.inFlight.delete(auctionId));
      this.inFlight.set(auctionId, pending);
    }
    return pending;
  }

  /** For a join: a recent snapshot when `completeAfter(its sequence)` (the feed has the rest), else a read. */
  forJoin(auctionId: string, completeAfter: (sequence: number) => boolean): Promise<AuctionSnapshot> {
    const recent = this.recent.get(auctionId);
    if (recent && this.now() - recent.at <= JOIN_SNAPSHOT_MAX_AGE_MS && completeAfter(recent.snapshot.sequence)) {
      return Promise.resolve(recent.snapshot);
    }
    return this.read(auctionId);
  }

  private remember(auctionId: string, snapshot: AuctionSnapshot): void {
    const at = this.now();
    this.recent.set(auctionId, { snapshot, at });
    if (this.recent.size > 10_000) {
      for (const [id, r] of this.recent) if (at - r.at > JOIN_SNAPSHOT_MAX_AGE_MS) this.recent.delete(id);
    }
  }
}
