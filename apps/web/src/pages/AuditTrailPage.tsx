import type { AuditEntry, AuditTrail, AuditVerification } from "@auction-mesh/contracts";
import { type FormEvent, Fragment, useCallback, useEffect, useState } from "react";
import { getAuditTrail } from "../api/audit";
import { ApiError } from "../api/http";
import { usePageTitle } from "../app/use-page-title";
import { AdminOnly } from "../components/AdminOnly";
import { AdminTable } from "../components/AdminTable";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { appendPage, auctionIdFrom, auditError, formatPayload, shortHash, verificationVerdict } from "../domain/audit-trail";
import { navigate } from "../routing/history";
import { Link } from "../routing/Link";
import { paths } from "../routing/routes";
import { useListing } from "./use-listing";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const columns = ["#", "When", "Type", "Fact", "Topic", "Hash", "Payload"];

/** What audit (the Go service) recorded about one auction, its hash chain checked (admins); without an auction, a form asks for one. */
export function AuditTrailPage({ auctionId }: { auctionId: string | null }) {
  usePageTitle(auctionId ? `Audit trail of ${auctionId}` : "Audit trail");
  return (
    <AdminOnly title="Audit trail" what="audit trails" returnTo={paths.audit(auctionId ?? undefined)}>
      {auctionId ? <Trail auctionId={auctionId} /> : <AuctionPicker />}
    </AdminOnly>
  );
}

function AuctionPicker() {
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const picked = auctionIdFrom(text);
    if ("error" in picked) setError(picked.error);
    else navigate(paths.audit(picked.auctionId));
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Audit trail</h1>
      <p className="muted">Everything that happened to an auction, in a hash chain no one can change unnoticed.</p>
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="Auction id" hint="Or paste a link to the auction." error={error}>
          {(control) => (
            <input
              {...control}
              name="auctionId"
              autoComplete="off"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          Show audit trail
        </button>
      </form>
    </section>
  );
}

const failure = (err: unknown, fallback: string) => (err instanceof ApiError ? auditError(err.code, err.message) : fallback);

function Trail({ auctionId }: { auctionId: string }) {
  const listing = useListing(auctionId);
  const [trail, setTrail] = useState<AuditTrail>();
  const [loadError, setLoadError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // From the first entry again: every answer checks the whole chain, so this is also "check again".
  const reload = useCallback(
    async (signal?: AbortSignal) => {
      setBusy(true);
      try {
        setTrail(await getAuditTrail(auctionId, 0, signal));
        setLoadError(undefined);
      } catch (err) {
        if (!signal?.aborted) setLoadError(failure(err, "The audit trail could not be loaded."));
      } finally {
        if (!signal?.aborted) setBusy(false);
      }
    },
    [auctionId],
  );

  useEffect(() => {
    const abort = new AbortController();
    void reload(abort.signal);
    return () => abort.abort();
  }, [reload]);

  const more = async () => {
    if (!trail || trail.nextAfterSeq === null) return;
    setBusy(true);
    try {
      const page = await getAuditTrail(auctionId, trail.nextAfterSeq);
      setTrail((shown) => (shown ? appendPage(shown, page) : page));
      setLoadError(undefined);
    } catch (err) {
      setLoadError(failure(err, "More entries could not be loaded."));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Audit trail</h1>
      <p>
        {listing.kind === "loaded" ? <>“{listing.listing.title}”, </> : null}
        auction <code>{auctionId}</code> · <Link href={paths.auction(auctionId)}>Open the auction</Link> ·{" "}
        <Link href={paths.audit()}>Another auction</Link>
      </p>
      <p className="muted">
        What happened to this auction, in the order audit recorded it. Each entry's hash covers the entry before it, so an entry changed,
        removed or inserted later breaks the chain from there on. The whole chain is checked again on every load.
      </p>
      {loadError ? <FormMessage tone="error">{loadError}</FormMessage> : null}
      {trail === undefined && !loadError ? <p role="status">Loading…</p> : null}
      {trail ? (
        <>
          <Verdict verification={trail.verification} />
          <dl className="facts audit__facts">
            <dt>Entries</dt>
            <dd>{trail.length}</dd>
            <dt>Head hash</dt>
            <dd>
              <code className="audit__hash">{trail.headHash}</code>
            </dd>
          </dl>
          {trail.entries.length === 0 ? (
            <p className="muted">Nothing has been recorded for this auction yet.</p>
          ) : (
            <Entries entries={trail.entries} />
          )}
          <p className="muted">
            Showing {trail.entries.length} of {trail.length} {trail.length === 1 ? "entry" : "entries"}.
          </p>
          <div className="audit__actions">
            {trail.nextAfterSeq !== null ? (
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void more()}>
                Load more
              </button>
            ) : null}
            <button type="button" className="button button--ghost" disabled={busy} onClick={() => void reload()}>
              Check again
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}

/** The chain check, first and loud: intact is a status, broken an alert. */
function Verdict({ verification }: { verification: AuditVerification }) {
  const verdict = verificationVerdict(verification);
  return (
    <div className="audit__verdict">
      <FormMessage tone={verdict.intact ? "success" : "error"}>{verdict.text}</FormMessage>
    </div>
  );
}

function Entries({ entries }: { entries: AuditEntry[] }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const toggle = (seq: number) =>
    setOpen((shown) => {
      const next = new Set(shown);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  return (
    <AdminTable caption="Audit entries, oldest first" columns={columns}>
      {entries.map((e) => {
        const expanded = open.has(e.seq);
        const detailsId = `audit-entry-${e.seq}`;
        return (
          <Fragment key={e.seq}>
            <tr data-audit-seq={e.seq}>
              <td>{e.seq}</td>
              <td>
                <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
              </td>
              <td>{e.type}</td>
              <td>
                <code>{e.factId}</code>
              </td>
              <td>
                <code>{e.topic}</code>
              </td>
              <td>
                <code title={e.hash}>{shortHash(e.hash)}</code>
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  aria-expanded={expanded}
                  aria-controls={detailsId}
                  aria-label={`Payload of entry ${e.seq}`}
                  onClick={() => toggle(e.seq)}
                >
                  <span aria-hidden="true">{expanded ? "▾ " : "▸ "}</span>
                  Payload
                </button>
              </td>
            </tr>
            {expanded ? (
              <tr className="audit__details">
                <td colSpan={columns.length} id={detailsId}>
                  <dl className="facts">
                    <dt>Recorded</dt>
                    <dd>
                      <time dateTime={e.recordedAt}>{time.format(new Date(e.recordedAt))}</time>
                    </dd>
                    <dt>Hash</dt>
                    <dd>
                      <code className="audit__hash">{e.hash}</code>
                    </dd>
                    <dt>Previous hash</dt>
                    <dd>
                      <code className="audit__hash">{e.previousHash}</code>
                    </dd>
                  </dl>
                  <pre className="audit__payload">{formatPayload(e.payload)}</pre>
                </td>
              </tr>
            ) : null}
          </Fragment>
        );
      })}
    </AdminTable>
  );
}
