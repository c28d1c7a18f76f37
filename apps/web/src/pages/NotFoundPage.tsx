import { usePageTitle } from "../app/use-page-title";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page at this address. <Link href={paths.auctions}>See all auctions</Link>.
      </p>
    </section>
  );
}
