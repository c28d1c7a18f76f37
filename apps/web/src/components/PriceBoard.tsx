import { bidderLabel } from "../domain/bidder-label";
import { formatMoney } from "../domain/money";
import { closedLeaderLine, priceLabel, type RoomState, reserveLine } from "../domain/room-state";

/** The live price, who leads, and what the next bid must be. The price flashes when it moves. */
export function PriceBoard({ room, myId, startingPrice }: { room: RoomState; myId: string | null; startingPrice: number }) {
  const hasBids = room.currentPrice !== null && room.leaderId !== null;
  const closed = room.status === "closed";
  return (
    <div className="price-board">
      <label className="price-board__label" htmlFor="current-price">
        {priceLabel(room)}
      </label>
      {/* <output> is a polite live region: screen readers hear the new price without losing their place. */}
      <output id="current-price" className="price-board__price" aria-atomic="true">
        <span key={room.sequence} className="price-board__value">
          {formatMoney(room.currentPrice ?? startingPrice)}
        </span>
      </output>
      {closed ? (
        <p className="price-board__leader">{closedLeaderLine(room, myId)}</p>
      ) : hasBids && room.leaderId ? (
        <p className={room.leaderId === myId ? "price-board__leader price-board__leader--me" : "price-board__leader"}>
          {room.leaderId === myId ? "You're the highest bidder" : `Highest bidder: ${bidderLabel(room.leaderId, myId)}`}
        </p>
      ) : (
        <p className="price-board__leader">No bids yet — be the first.</p>
      )}
      {room.hasReserve ? <p className="price-board__reserve">{reserveLine(room)}</p> : null}
      {room.status === "open" ? (
        <p className="price-board__minimum">
          Minimum bid: <strong>{formatMoney(room.minimumNextBid)}</strong>
        </p>
      ) : null}
    </div>
  );
}
