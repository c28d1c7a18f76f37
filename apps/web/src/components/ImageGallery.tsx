import { useState } from "react";
import { galleryAlt, thumbnailOf } from "../domain/listing-photos";
import { Photo, PhotoPlaceholder } from "./Photo";

/** The listing's photos: one at display size, and a row of thumbnails that bring each forward. */
export function ImageGallery({ urls, title }: { urls: string[]; title: string }) {
  const [selected, setSelected] = useState(0);
  if (urls.length === 0)
    return (
      <div className="gallery gallery--empty">
        <PhotoPlaceholder text="No photos" label={`${title}: no photos`} />
      </div>
    );
  const index = Math.min(selected, urls.length - 1);
  const current = urls[index] as string;
  return (
    <div className="gallery">
      <div className="gallery__stage">
        <Photo key={current} className="gallery__main" src={current} alt={galleryAlt(title, index, urls.length)} />
      </div>
      {urls.length > 1 ? (
        <ul className="gallery__thumbs" aria-label="Photos">
          {urls.map((url, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same photo may be listed twice; the position is what a button stands for.
            <li key={i}>
              <button type="button" aria-pressed={i === index} aria-label={`Show photo ${i + 1}`} onClick={() => setSelected(i)}>
                <Photo src={thumbnailOf(url)} alt="" loading="lazy" compact />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
