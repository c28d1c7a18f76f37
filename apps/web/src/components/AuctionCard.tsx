import type { Listing } from "@auction-mesh/contracts";
import { categoryLabel } from "../domain/categories";
import { formatMoney } from "../domain/money";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { Countdown } from "./Countdown";
import { StatusBadge } from "./StatusBadge";

function priceLine(l: Listing): string {
  if (l.status === "sold" && l.finalPrice !== null) return `Sold for ${formatMoney(l.finalPrice)}`;
  if (l.status === "unsold") return "No sale";
  if (l.status === "closed")
    return l.finalPrice !== null && l.winnerId !== null ? `Won at ${formatMoney(l.finalPrice)} · awaiting payment` : "No sale";
  return `Starting at ${formatMoney(l.startingPrice)}`;
}

/** One auction in the list; the title is the link (one tab stop per card). */
export function AuctionCard({ listing }: { listing: Listing }) {
  const image = listing.imageUrls[0];
  return (
    <article className="card">
      <div className="card__image">{image ? <img src={image} alt="" loading="lazy" /> : <span aria-hidden="true">No photo</span>}</div>
      <div className="card__body">
        <h2 className="card__title">
          <Link href={paths.auction(listing.id)}>{listing.title}</Link>
        </h2>
        <p className="card__meta">
          <StatusBadge status={listing.status} /> {categoryLabel(listing.category)}
        </p>
        <p className="card__price">{priceLine(listing)}</p>
        {listing.status === "live" ? <Countdown until={listing.endsAt} label="Ends in" tickMs={1000} /> : null}
        {listing.status === "scheduled" ? <Countdown until={listing.startsAt} label="Starts in" tickMs={1000} /> : null}
      </div>
    </article>
  );
}
