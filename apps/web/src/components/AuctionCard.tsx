import type { SearchHit } from "@auction-mesh/contracts";
import { useId } from "react";
import { type CardView, cardView } from "../domain/auction-card";
import { categoryLabel } from "../domain/categories";
import { thumbnailOf } from "../domain/listing-photos";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { Countdown } from "./Countdown";
import { Photo, PhotoPlaceholder } from "./Photo";
import { StatusBadge } from "./StatusBadge";

const endedAt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** One auction in the list, named by its title; the title is the link (one tab stop per card). */
export function AuctionCard({ hit }: { hit: SearchHit }) {
  const titleId = useId();
  const view = cardView(hit);
  return (
    <article className="card" aria-labelledby={titleId}>
      <div className="card__image">
        {hit.imageUrl ? <Photo src={thumbnailOf(hit.imageUrl)} alt="" loading="lazy" /> : <PhotoPlaceholder text="No photo" />}
      </div>
      <div className="card__body">
        <h3 className="card__title" id={titleId}>
          <Link href={paths.auction(hit.id)}>{hit.title}</Link>
        </h3>
        <p className="card__meta">
          <StatusBadge status={hit.status} /> {categoryLabel(hit.category)}
        </p>
        <p className="card__price">{view.price}</p>
        {view.bids ? <p className="card__bids">{view.bids}</p> : null}
        <CardTime time={view.time} />
      </div>
    </article>
  );
}

/** Time left to the real end (extensions included), time to the start, or when it ended. */
function CardTime({ time }: { time: CardView["time"] }) {
  if (time === null) return null;
  if (time.kind === "countdown") return <Countdown until={time.until} label={time.label} tickMs={1000} />;
  return (
    <p className="card__ended">
      Ended <time dateTime={time.at}>{endedAt.format(new Date(time.at))}</time>
    </p>
  );
}
