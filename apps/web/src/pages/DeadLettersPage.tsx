import type { DeadLetter, DeadLetterStatus } from "@auction-mesh/contracts";
import { useCallback, useEffect, useState } from "react";
import { discardDeadLetter, listDeadLetters, replayDeadLetter } from "../api/dead-letters";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { AdminOnly } from "../components/AdminOnly";
import { AdminTable } from "../components/AdminTable";
import { FormMessage } from "../components/FormMessage";
import { actionError, actionOutcome, canResolve, payloadPreview, statusFilters } from "../domain/dead-letters";
import { paths } from "../routing/routes";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const columns = ["Received", "Service", "Topic", "Reason", "Message", "Status", "Actions"];

/** The message hospital (admins): what a subscriber could not take, with the reason; replay or discard. */
export function DeadLettersPage() {
  usePageTitle("Dead letters");
  return (
    <AdminOnly title="Dead letters" what="dead letters" returnTo={paths.deadLetters}>
      <Hospital />
    </AdminOnly>
  );
}

type Message = { tone: "error" | "success"; text: string };

function Hospital() {
  const [status, setStatus] = useState<DeadLetterStatus | "">("waiting");
  const [items, setItems] = useState<DeadLetter[]>();
  const [loadError, setLoadError] = useState<string>();
  const [message, setMessage] = useState<Message>();
  const [busy, setBusy] = useState<string>();

  const load = useCallback(
    (signal?: AbortSignal) =>
      listDeadLetters(status || undefined, signal)
        .then((list) => {
          setItems(list.items);
          setLoadError(undefined);
        })
        .catch((err: unknown) => {
          if (signal?.aborted) return;
          setLoadError(err instanceof ApiError ? actionError(err.code, err.message) : "Dead letters could not be loaded.");
        }),
    [status],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  const act = async (d: DeadLetter, action: "replay" | "discard") => {
    setBusy(d.id);
    setMessage(undefined);
    try {
      const result = await (action === "replay" ? replayDeadLetter(d.id) : discardDeadLetter(d.id));
      setMessage({ tone: "success", text: actionOutcome(action, result) });
    } catch (err) {
      setMessage({ tone: "error", text: err instanceof ApiError ? actionError(err.code, err.message) : "That did not work. Try again." });
    } finally {
      setBusy(undefined);
      await load();
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Dead letters</h1>
      <p className="muted">
        Messages a service could not take (its dead-letter topic), with the reason. Replay publishes one to its topic again once the cause
        is fixed; discard gives up on it.
      </p>
      <div className="field dead-letters__filter">
        <label htmlFor="dead-letter-status">Status</label>
        <select id="dead-letter-status" value={status} onChange={(e) => setStatus(e.target.value as DeadLetterStatus | "")}>
          {statusFilters.map((f) => (
            <option key={f.label} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
      {loadError ? <FormMessage tone="error">{loadError}</FormMessage> : null}
      {items === undefined && !loadError ? <p role="status">Loading…</p> : null}
      {items?.length === 0 ? <p className="muted">No dead letters here.</p> : null}
      {items && items.length > 0 ? (
        <AdminTable caption="Dead letters, newest first" columns={columns}>
          {items.map((d) => (
            <tr key={d.id} data-dead-letter={d.id}>
              <td>
                <time dateTime={d.firstSeenAt}>{time.format(new Date(d.firstSeenAt))}</time>
              </td>
              <td>{d.app}</td>
              <td>
                <code>{d.topic}</code>
              </td>
              <td>
                <span className="tag">{d.cause}</span> {d.reason}
              </td>
              <td>
                <code className="dead-letters__payload">{payloadPreview(d.payload)}</code>
              </td>
              <td>{d.status}</td>
              <td>
                {canResolve(d) ? (
                  <div className="dead-letters__actions">
                    <button
                      type="button"
                      className="button button--small button--primary"
                      aria-label={`Replay dead letter ${d.id}`}
                      disabled={busy !== undefined}
                      onClick={() => act(d, "replay")}
                    >
                      Replay
                    </button>
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      aria-label={`Discard dead letter ${d.id}`}
                      disabled={busy !== undefined}
                      onClick={() => act(d, "discard")}
                    >
                      Discard
                    </button>
                  </div>
                ) : (
                  <span className="muted">{d.resolvedAt ? time.format(new Date(d.resolvedAt)) : "—"}</span>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      ) : null}
    </>
  );
}
