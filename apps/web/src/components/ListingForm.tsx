import type { Listing } from "@auction-mesh/contracts";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useAttemptKey } from "../api/attempt-key";
import { createAuction, updateAuction } from "../api/auctions";
import { ApiError } from "../api/http";
import { categoryOptions } from "../domain/categories";
import { type DraftForm, emptyDraft, type FieldKey, type FormErrors, toCreateRequest } from "../domain/listing-draft";
import { draftFromListing, onPublishStartOf, toUpdateRequest } from "../domain/listing-edit";
import { firstInvalid, formErrorsFromApi } from "../domain/listing-form-errors";
import type { PhotoSlot } from "../domain/listing-photos";
import { serverClock } from "../live/clock";
import { Field } from "./Field";
import { FormMessage } from "./FormMessage";
import { IncrementRuleField } from "./IncrementRuleField";
import { PhotoPicker } from "./PhotoPicker";
import { ScheduleFields } from "./ScheduleFields";
import { useFieldFocus } from "./use-field-focus";

export type FormNotice = { tone: "error" | "success" | "info"; text: string };

interface ListingFormProps {
  /** The draft being edited, or null for a new one. */
  editing: Listing | null;
  /** Shown until the next submit (e.g. "Saved" after an edit closed the previous form). */
  initialNotice?: FormNotice | undefined;
  onSaved: (listing: Listing, how: "created" | "updated") => void;
  onCancelEdit: () => void;
  /** An edit was refused because the listing changed meanwhile (published, gone): the list should catch up. */
  onStale: (auctionId: string) => void;
}

const CHECK_FIELDS = "Check the highlighted fields.";

/** The fields typed (or picked) as plain text. */
type TextField =
  | "title"
  | "description"
  | "category"
  | "startingPrice"
  | "reservePrice"
  | "antiSnipingWindowSeconds"
  | "antiSnipingExtensionSeconds";

/** The seller's form: a new draft, or an edit of one (then only what changed is sent). */
export function ListingForm({ editing, initialNotice, onSaved, onCancelEdit, onStale }: ListingFormProps) {
  const [form, setForm] = useState<DraftForm>(() => (editing ? draftFromListing(editing, serverClock.now()) : emptyDraft));
  const [errors, setErrors] = useState<FormErrors>({});
  const [message, setMessage] = useState<FormNotice | undefined>(initialNotice);
  const [busy, setBusy] = useState(false);
  /** Why picked files were not added (the form's other fields are left as they are). */
  const [photoRefusals, setPhotoRefusals] = useState<string[]>([]);
  const attempt = useAttemptKey();
  const formRef = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const focusField = useFieldFocus(formRef);

  // Opening a draft to edit takes the person to the form.
  useEffect(() => {
    if (editing) heading.current?.focus();
  }, [editing]);

  /** Changes fields and drops their messages (all step rows' when the rows change: their numbers shift). */
  const change = (patch: Partial<DraftForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key as FieldKey];
      if ("tiers" in patch) for (const key of Object.keys(next)) if (key.startsWith("tiers.")) delete next[key as FieldKey];
      return next;
    });
  };
  /** Photos change as uploads finish, so from the current state; a message about them goes with the change. */
  const changePhotos = useCallback((update: (photos: PhotoSlot[]) => PhotoSlot[]) => {
    setForm((f) => ({ ...f, photos: update(f.photos) }));
    setErrors((current) => {
      if (current.photos === undefined) return current;
      const { photos: _, ...rest } = current;
      return rest;
    });
  }, []);
  const text = (key: TextField) => (e: { target: { value: string } }) => change({ [key]: e.target.value });

  const showErrors = (found: FormErrors, general?: string) => {
    setErrors(found);
    const count = Object.keys(found).length;
    const summary = count > 1 ? `${CHECK_FIELDS} ${count} fields need a change.` : CHECK_FIELDS;
    setMessage({ tone: "error", text: general ? `${summary} ${general}` : summary });
    const first = firstInvalid(form, found);
    if (first) focusField(first);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const now = serverClock.now();
    const built = toCreateRequest(form, now, editing ? onPublishStartOf(editing, now) : undefined);
    if (!built.ok) return showErrors(built.errors);
    const update = editing ? toUpdateRequest(editing, built.request) : null;
    if (update && Object.keys(update).length === 0) {
      setErrors({});
      setMessage({ tone: "info", text: "Nothing changed: there is nothing to save." });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      if (editing && update) {
        onSaved(await updateAuction(editing.id, update), "updated");
      } else {
        const listing = await createAuction(built.request, attempt.current());
        attempt.answered();
        onSaved(listing, "created");
        setForm(emptyDraft);
        setPhotoRefusals([]);
        setMessage({ tone: "success", text: `Draft "${listing.title}" created. Publish it under "Your auctions" to open it to bidders.` });
      }
    } catch (err) {
      if (!editing) attempt.answered(err);
      if (!(err instanceof ApiError)) {
        setMessage({ tone: "error", text: editing ? "The changes could not be saved." : "The auction could not be created." });
        return;
      }
      if (editing && (err.status === 404 || err.status === 409)) onStale(editing.id);
      const refused = formErrorsFromApi(err, form);
      if (Object.keys(refused.errors).length > 0) showErrors(refused.errors, refused.general);
      else setMessage({ tone: "error", text: editing ? `Not saved: ${refused.general ?? err.message}` : (refused.general ?? err.message) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="stack sell-form" aria-labelledby="listing-form-heading">
      <h2 id="listing-form-heading" ref={heading} tabIndex={-1}>
        {editing ? `Edit draft "${editing.title}"` : "New auction"}
      </h2>
      <Field label="Title" error={errors.title}>
        {(c) => <input {...c} name="title" value={form.title} onChange={text("title")} maxLength={140} />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(c) => <textarea {...c} name="description" rows={4} value={form.description} onChange={text("description")} />}
      </Field>
      <Field label="Category" error={errors.category}>
        {(c) => (
          <select {...c} name="category" value={form.category} onChange={text("category")}>
            <option value="">Choose a category</option>
            {categoryOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PhotoPicker
        photos={form.photos}
        error={errors.photos}
        refusals={photoRefusals}
        onPhotos={changePhotos}
        onRefusals={setPhotoRefusals}
        disabled={busy}
      />
      <div className="row">
        <Field label="Starting price (USD)" error={errors.startingPrice}>
          {(c) => <input {...c} name="startingPrice" inputMode="decimal" value={form.startingPrice} onChange={text("startingPrice")} />}
        </Field>
        <Field
          label="Reserve price (USD, optional)"
          hint="Below this the item is not sold. Bidders only see that there is one."
          error={errors.reservePrice}
        >
          {(c) => <input {...c} name="reservePrice" inputMode="decimal" value={form.reservePrice} onChange={text("reservePrice")} />}
        </Field>
      </div>
      <IncrementRuleField value={form} errors={errors} onChange={change} />
      <ScheduleFields value={form} errors={errors} onChange={change} nowMs={serverClock.now()} />
      <fieldset className="row">
        <legend>Late-bid protection</legend>
        <Field label="Window (seconds)" hint="A bid this close to the end…" error={errors.antiSnipingWindowSeconds}>
          {(c) => (
            <input
              {...c}
              name="antiSnipingWindowSeconds"
              inputMode="numeric"
              value={form.antiSnipingWindowSeconds}
              onChange={text("antiSnipingWindowSeconds")}
            />
          )}
        </Field>
        <Field label="Extension (seconds)" hint="…extends bidding by this much." error={errors.antiSnipingExtensionSeconds}>
          {(c) => (
            <input
              {...c}
              name="antiSnipingExtensionSeconds"
              inputMode="numeric"
              value={form.antiSnipingExtensionSeconds}
              onChange={text("antiSnipingExtensionSeconds")}
            />
          )}
        </Field>
      </fieldset>
      {message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null}
      <div className="my-auction__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {editing ? (busy ? "Saving…" : "Save changes") : busy ? "Creating…" : "Create draft"}
        </button>
        {editing ? (
          <button type="button" className="button button--ghost" onClick={onCancelEdit} disabled={busy}>
            Stop editing
          </button>
        ) : null}
      </div>
    </form>
  );
}
