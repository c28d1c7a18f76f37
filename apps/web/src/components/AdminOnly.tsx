import type { ReactNode } from "react";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useSession } from "../session/use-session";
import { PageNotice } from "./PageNotice";

interface AdminOnlyProps {
  /** The page's heading, also on the notices. */
  title: string;
  /** What the page shows, in words ("dead letters"). */
  what: string;
  /** Where signing in comes back to: this page. */
  returnTo: string;
  children: ReactNode;
}

/** An admin page: signed-out people are asked to sign in, anyone else is told it is for admins. */
export function AdminOnly({ title, what, returnTo, children }: AdminOnlyProps) {
  const session = useSession();
  if (!session) {
    return (
      <PageNotice title={title}>
        <Link href={paths.signIn(returnTo)}>Sign in</Link> with an admin account to see {what}.
      </PageNotice>
    );
  }
  if (!session.user.roles.includes("admin")) return <PageNotice title={title}>Only admins can see {what}.</PageNotice>;
  return children;
}
