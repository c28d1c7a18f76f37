import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/http";
import { uploadImage } from "../api/images";
import {
  addPicked,
  duplicateText,
  MAX_PHOTOS,
  type PhotoSlot,
  photoHint,
  refusalText,
  removePhoto,
  uploadSucceeded,
} from "../domain/listing-photos";
import { Field } from "./Field";
import { FormMessage } from "./FormMessage";
import { Photo } from "./Photo";

type Update<T> = (update: (current: T) => T) => void;

interface PhotoPickerProps {
  photos: PhotoSlot[];
  /** The form's message about the photos (e.g. "wait until every photo has uploaded"). */
  error: string | undefined;
  /** Sentences about files that were not added, one per file (or one for those past the limit). */
  refusals: string[];
  onPhotos: Update<PhotoSlot[]>;
  onRefusals: Update<string[]>;
  disabled: boolean;
}

/**
 * The seller's photos: each picked file uploads at once and shows as "Uploading…", then as its
 * thumbnail; each can be removed; a refused file is named with the reason, and nothing else changes.
 */
export function PhotoPicker({ photos, error, refusals, onPhotos, onRefusals, disabled }: PhotoPickerProps) {
  const uploads = useRef(new Map<string, AbortController>());
  const nextKey = useRef(0);
  const latest = useRef(photos);
  latest.current = photos;
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [refocus, setRefocus] = useState<{ index: number }>();

  // Leaving the form (or switching to another draft) abandons the uploads under way.
  useEffect(() => {
    const running = uploads.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      running.clear();
    };
  }, []);

  // A removed photo's button is gone: the focus moves to the next one's (or the previous, or the picker).
  useEffect(() => {
    if (!refocus) return;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>(".photo-tile__remove");
    const target = buttons && buttons.length > 0 ? buttons[Math.min(refocus.index, buttons.length - 1)] : input.current;
    target?.focus();
  }, [refocus]);

  const say = (text: string) => onRefusals((current) => (current.includes(text) ? current : [...current, text]));

  const upload = (key: string, file: File) => {
    const controller = new AbortController();
    uploads.current.set(key, controller);
    uploadImage(file, controller.signal)
      .then((image) => {
        const duplicate = latest.current.some((p) => p.state === "ready" && p.url === image.display);
        onPhotos((current) => uploadSucceeded(current, key, image).photos);
        if (duplicate) say(duplicateText(file.name));
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        onPhotos((current) => removePhoto(current, key));
        const text =
          err instanceof ApiError ? refusalText(file.name, err.code, err.status, err.message) : refusalText(file.name, "UNKNOWN");
        say(text);
      })
      .finally(() => uploads.current.delete(key));
  };

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = ""; // the same file can be picked again
    if (files.length === 0) return;
    const picked = files.map((file) => ({ key: `upload-${nextKey.current++}`, name: file.name, size: file.size, file }));
    const { upload: accepted, refused } = addPicked(photos, picked);
    // Uploads that finished (or failed) since this render only freed room: the accepted files still fit.
    onPhotos((current) => addPicked(current, accepted).photos);
    onRefusals(() => refused);
    for (const p of accepted) upload(p.key, p.file);
  };

  const remove = (key: string, index: number) => {
    uploads.current.get(key)?.abort();
    uploads.current.delete(key);
    onPhotos((current) => removePhoto(current, key));
    setRefocus({ index });
  };

  const uploading = photos.filter((p) => p.state === "uploading").length;
  return (
    <div className="photo-picker">
      <Field label="Photos" hint={photoHint(photos)} error={error}>
        {(c) => (
          <input
            {...c}
            ref={input}
            type="file"
            name="photos"
            accept="image/*"
            multiple
            onChange={pick}
            disabled={disabled || photos.length >= MAX_PHOTOS}
          />
        )}
      </Field>
      {photos.length > 0 ? (
        <ul className="photo-picker__list" aria-label="Chosen photos" ref={list}>
          {photos.map((p, i) => (
            <li key={p.key} className="photo-tile">
              <div className="photo-tile__image">
                {p.state === "ready" ? (
                  <Photo src={p.thumbnail} alt={`Photo ${i + 1}`} />
                ) : (
                  <span className="photo-tile__uploading">Uploading…</span>
                )}
              </div>
              <span className="photo-tile__caption">
                {p.state === "uploading" ? p.fileName : i === 0 ? "Main photo" : `Photo ${i + 1}`}
              </span>
              <button
                type="button"
                className="button button--small photo-tile__remove"
                aria-label={`Remove photo ${i + 1}`}
                onClick={() => remove(p.key, i)}
                disabled={disabled}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <output className="visually-hidden">{uploading > 0 ? `Uploading ${uploading} photo${uploading === 1 ? "" : "s"}…` : ""}</output>
      {refusals.length > 0 ? (
        <FormMessage tone="error">
          {refusals.length === 1 ? (
            refusals[0]
          ) : (
            <ul className="photo-picker__refusals">
              {refusals.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </FormMessage>
      ) : null}
    </div>
  );
}
