import { outcomeText } from "../domain/outcome";
import type { RoomOutcome } from "../domain/room-state";

/** The closed state of the room: won, no sale, or sold to someone else. */
export function AuctionOutcome({ outcome, myId, hadBids }: { outcome: RoomOutcome; myId: string | null; hadBids: boolean }) {
  const { title, detail } = outcomeText(outcome, myId, hadBids);
  return (
    <div className={outcome.winnerId && outcome.winnerId === myId ? "outcome outcome--won" : "outcome"}>
      <p className="outcome__title">Auction ended — {title}</p>
      <p>{detail}</p>
    </div>
  );
}
