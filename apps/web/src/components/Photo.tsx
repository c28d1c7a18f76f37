import { useState } from "react";

interface PlaceholderProps {
  /** What the box says ("No photos", "Photo unavailable"); not shown when `compact`. */
  text: string;
  /** Its accessible name; without one it is decoration, hidden from screen readers. */
  label?: string | undefined;
  /** An icon only, for boxes too small for words (thumbnail buttons). */
  compact?: boolean | undefined;
}

/** A grey box with a picture icon standing in for a photo that is missing or failed to load. */
export function PhotoPlaceholder({ text, label, compact }: PlaceholderProps) {
  return (
    <div
      className={compact ? "photo-placeholder photo-placeholder--compact" : "photo-placeholder"}
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
    >
      <svg className="photo-placeholder__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="3" y="4.5" width="18" height="15" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <circle cx="8.5" cy="9.5" r="1.6" fill="currentColor" />
        <path d="M4 17.5l5-5 3.5 3.5 2.5-2.5 5 4.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
      {compact ? null : <span className="photo-placeholder__text">{text}</span>}
    </div>
  );
}

interface PhotoProps {
  src: string;
  /** Empty for a photo that only decorates (the card's: its title says it all). */
  alt: string;
  className?: string | undefined;
  loading?: "lazy" | "eager" | undefined;
  compact?: boolean | undefined;
}

/** An image that turns into a "Photo unavailable" placeholder (not a broken-image icon) when it fails to load. */
export function Photo({ src, alt, className, loading, compact }: PhotoProps) {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src)
    return <PhotoPlaceholder text="Photo unavailable" label={alt ? `${alt}: photo unavailable` : undefined} compact={compact} />;
  return <img src={src} alt={alt} className={className} loading={loading} decoding="async" onError={() => setFailed(src)} />;
}
