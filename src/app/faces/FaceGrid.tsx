/**
 * A group's faces as thumbnails: each opens the face in its photo, and in a group each has a Remove
 * button. Large groups show their first faces only until "Show all" (the page stays quick with
 * thousands of faces; each thumbnail's object URL is released when it leaves the page).
 */
import { useState } from 'react';
import { BlobImage } from '../components/BlobImage.tsx';
import { fileName, type FoundFace } from './foundFace.ts';

/** Faces shown per group before "Show all". */
export const FACES_SHOWN = 24;

/** The id of the Remove button at `position` in a grid: where focus goes after a remove. */
export const removeButtonId = (gridId: string, position: number): string => `${gridId}-remove-${position}`;

export function FaceGrid({
  gridId,
  title,
  faceIds,
  faces,
  best,
  onOpen,
  onRemove,
}: {
  /** Unique on the page: prefixes the Remove buttons' ids. */
  readonly gridId: string;
  /** The group's name in the faces' accessible names ("Group 2"). */
  readonly title: string;
  readonly faceIds: readonly string[];
  readonly faces: ReadonlyMap<string, FoundFace>;
  /** Faces proposed for enrolment, marked with a star. */
  readonly best?: ReadonlySet<string>;
  readonly onOpen: (face: FoundFace, opener: HTMLElement) => void;
  readonly onRemove?: (faceId: string, position: number) => void;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? faceIds : faceIds.slice(0, FACES_SHOWN);
  return (
    <div className="faces-grid-wrap">
      <ul className="faces-grid" aria-label={`Faces of ${title}`}>
        {shown.map((id, position) => {
          const face = faces.get(id);
          if (!face) return null;
          const file = fileName(face.photo.path);
          const isBest = best?.has(id) ?? false;
          return (
            <li key={id} className="faces-face" data-testid="faces-face" data-file={face.photo.path} data-best={isBest || undefined}>
              <button
                type="button"
                className="faces-face-open"
                aria-label={`${title}, face ${position + 1}, from ${file}${isBest ? ' (proposed for enrolment)' : ''}: show it in its photo`}
                onClick={(event) => onOpen(face, event.currentTarget)}
              >
                <BlobImage blob={face.thumbnail} alt="" loading="lazy" decoding="async" width={88} height={88} />
                {isBest && (
                  <span className="faces-best" aria-hidden="true">
                    ★
                  </span>
                )}
              </button>
              {onRemove && (
                <button
                  type="button"
                  id={removeButtonId(gridId, position)}
                  className="faces-face-remove"
                  aria-label={`Remove face ${position + 1} (${file}) from ${title}`}
                  title="Not this person: remove from the group"
                  data-testid="faces-remove"
                  onClick={() => onRemove(id, position)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {faceIds.length > FACES_SHOWN && (
        <button type="button" className="faces-show-all" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${FACES_SHOWN} only` : `Show all ${faceIds.length} faces`}
        </button>
      )}
    </div>
  );
}
