/** The switch between the two galleries: an ARIA tab list (arrow keys move between tabs). */
import { useRef, type KeyboardEvent } from 'react';
import type { GalleryKind } from '../../worker/api.ts';
import { GALLERY_COPY, GALLERY_KINDS } from './galleryText.ts';

export const tabId = (kind: GalleryKind): string => `gallery-tab-${kind}`;
export const PANEL_ID = 'gallery-panel';

export function GalleryTabs({
  kind,
  counts,
  onSelect,
}: {
  readonly kind: GalleryKind;
  readonly counts: Readonly<Record<GalleryKind, number | null>>;
  readonly onSelect: (kind: GalleryKind) => void;
}) {
  const tabs = useRef(new Map<GalleryKind, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = GALLERY_KINDS.indexOf(kind);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target =
      event.key === 'Home'
        ? GALLERY_KINDS[0]
        : event.key === 'End'
          ? GALLERY_KINDS.at(-1)
          : step
            ? GALLERY_KINDS.at((index + step) % GALLERY_KINDS.length)
            : undefined;
    if (!target) return;
    event.preventDefault();
    onSelect(target);
    tabs.current.get(target)?.focus();
  };
  return (
    <div className="gallery-tabs" role="tablist" aria-label="Gallery" onKeyDown={onKeyDown}>
      {GALLERY_KINDS.map((k) => {
        const selected = k === kind;
        const count = counts[k];
        return (
          <button
            key={k}
            ref={(element) => {
              if (element) tabs.current.set(k, element);
              else tabs.current.delete(k);
            }}
            type="button"
            role="tab"
            id={tabId(k)}
            aria-selected={selected}
            aria-controls={PANEL_ID}
            tabIndex={selected ? 0 : -1}
            className="gallery-tab"
            data-testid={`gallery-tab-${k}`}
            onClick={() => onSelect(k)}
          >
            {GALLERY_COPY[k].title}
            {count !== null && <span className="gallery-tab-count">{count}</span>}
          </button>
        );
      })}
    </div>
  );
}
