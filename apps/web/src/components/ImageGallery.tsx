import { useState } from "react";

/** The listing's images: one large, the rest as buttons that bring them forward. */
export function ImageGallery({ urls, title }: { urls: string[]; title: string }) {
  const [selected, setSelected] = useState(0);
  if (urls.length === 0) return <div className="gallery gallery--empty">No photos</div>;
  const current = urls[Math.min(selected, urls.length - 1)] as string;
  return (
    <div className="gallery">
      <img className="gallery__main" src={current} alt={`${title} (${selected + 1} of ${urls.length})`} />
      {urls.length > 1 ? (
        <ul className="gallery__thumbs" aria-label="Photos">
          {urls.map((url, i) => (
            <li key={url}>
              <button type="button" aria-pressed={i === selected} aria-label={`Show photo ${i + 1}`} onClick={() => setSelected(i)}>
                <img src={url} alt="" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
