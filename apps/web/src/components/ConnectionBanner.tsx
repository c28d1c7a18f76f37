import type { ConnectionStatus } from "../live/room-connection";

/**
 * Always rendered (an aria-live region must exist before its text changes to be announced);
 * shows text only while the live connection is down.
 */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const down = status === "reconnecting";
  return (
    <div role="status" aria-live="polite" className={down ? "connection-banner connection-banner--down" : "connection-banner"}>
      {down ? "Connection lost — reconnecting… Prices may be out of date." : null}
    </div>
  );
}
