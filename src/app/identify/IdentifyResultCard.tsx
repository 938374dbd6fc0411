/** One photo's result (the annotated photo and its faces), or one file that could not be read. */
import { useId, useState } from 'react';
import { plural } from '../../core/text.ts';
import type { FaceResult } from '../../worker/api.ts';
import { BlobImage, useObjectUrl } from '../components/BlobImage.tsx';
import { Annotated, type FaceHighlight } from '../components/FaceOverlay.tsx';
import { leftToRight } from '../components/labelLayout.ts';
import { similarityText } from '../format.ts';
import { faceLabel, faceMark, type FaceLabel, type FaceStatus } from './faceLabel.ts';
import type { FailedFile, IdentifiedPhoto } from './useIdentifyBatch.ts';

/** Photos are shown at most this tall, so a portrait photo does not fill the whole screen. */
const MAX_PHOTO_HEIGHT = 460;

/** A chip beside the name; "Unknown" needs none, the name says it. */
const STATUS_TEXT: Record<Exclude<FaceStatus, 'unknown'>, string> = { known: 'Match', uncertain: 'Uncertain', filtered: 'Skipped' };

const fileName = (path: string): string => path.replace(/^.*\//, '');

/** The worker's notes are fragments ("animated GIF: using the first frame"): shown as sentences. */
const sentence = (note: string): string => `${note.charAt(0).toUpperCase()}${note.slice(1)}.`;

/** "3 faces: 1 known, 2 unknown", "No faces found". */
export function facesSummary(labels: readonly FaceLabel[]): string {
  if (labels.length === 0) return 'No faces found';
  const count = (s: FaceStatus) => labels.filter((l) => l.status === s).length;
  const parts = [
    [count('known'), 'known'],
    [count('uncertain'), 'uncertain'],
    [count('unknown'), 'unknown'],
    [count('filtered'), 'not identified'],
  ] as const;
  const detail = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  return `${plural(labels.length, 'face')}: ${detail.join(', ')}`;
}

function FaceRow({
  face,
  label,
  index,
  number,
  highlight,
}: {
  readonly face: FaceResult;
  readonly label: FaceLabel;
  readonly index: number;
  readonly number: number;
  readonly highlight: FaceHighlight;
}) {
  const active = highlight.active === index;
  // Hovering or focusing a row highlights its box on the photo (and hovering the box highlights the row).
  return (
    <li
      className={`identify-face face-${label.status}${active ? ' is-active' : ''}`}
      tabIndex={0}
      onMouseEnter={() => highlight.setActive(index)}
      onMouseLeave={() => highlight.setActive(null)}
      onFocus={() => highlight.setActive(index)}
      onBlur={() => highlight.setActive(null)}
      data-testid="identify-face"
      data-face-number={number}
      data-status={label.status}
      data-similarity={label.similarity ?? undefined}
    >
      <span className={`identify-face-number tone-${label.status}`} aria-hidden="true">
        {number}
      </span>
      <BlobImage blob={face.thumbnail} alt={`Face ${number}`} className="thumb thumb-small" />
      <div className="identify-face-text">
        <p className="identify-face-name">
          <span className="visually-hidden">Face {number}: </span>
          <span className="identify-face-name-text" data-testid="identify-face-name">
            {label.name}
          </span>
          {label.status !== 'unknown' && <span className={`status-chip chip-${label.status}`}>{STATUS_TEXT[label.status]}</span>}
        </p>
        {label.status === 'known' && label.similarity !== null && (
          <p className="identify-face-meta" data-testid="identify-face-similarity">
            Similarity {similarityText(label.similarity)}
          </p>
        )}
        {label.detail && <p className="identify-face-meta">{label.detail}</p>}
        {label.guess && (
          <p className="identify-face-meta identify-face-guess" data-testid="identify-face-guess">
            {label.guess}
          </p>
        )}
      </div>
    </li>
  );
}

export function PhotoResultCard({ entry }: { readonly entry: IdentifiedPhoto }) {
  const url = useObjectUrl(entry.file);
  const headingId = useId();
  const { width, height, faces, notes } = entry.analysis;
  const [active, setActive] = useState<number | null>(null);
  const highlight: FaceHighlight = { active, setActive };
  const labels = faces.map((f) => faceLabel(f));
  // Faces are numbered and listed left to right, as they stand in the photo.
  const order = leftToRight(faces.map((f) => f.box));
  const numbers = new Map(order.map((index, rank) => [index, rank + 1]));
  const marks = faces.map((f, i) => faceMark(f, labels[i], numbers.get(i)));
  const summary = facesSummary(labels);
  // The frame's size is fixed before the photo loads, so the list does not jump as images arrive.
  const frameWidth = `min(100%, ${Math.round((MAX_PHOTO_HEIGHT * width) / Math.max(1, height))}px)`;
  return (
    <article
      className="card identify-card"
      aria-labelledby={headingId}
      data-testid="identify-result"
      data-file={entry.path}
      data-faces={faces.length}
    >
      <header className="identify-card-head">
        <h3 id={headingId} title={entry.path}>
          {fileName(entry.path)}
        </h3>
        <p className="identify-card-summary" data-testid="identify-result-summary">
          {summary}
        </p>
        {notes.length > 0 && (
          <ul className="identify-card-notes" aria-label="About this photo">
            {notes.map((note) => (
              <li key={note} data-testid="identify-result-note">
                {sentence(note)}
              </li>
            ))}
          </ul>
        )}
      </header>
      <div className="identify-card-body">
        <div className="identify-photo" style={{ width: frameWidth }}>
          <Annotated width={width} height={height} faces={marks} highlight={highlight}>
            {url ? (
              <img
                src={url}
                alt={`${fileName(entry.path)}: ${summary}`}
                style={{ aspectRatio: `${width} / ${height}` }}
                decoding="async"
                loading="lazy"
              />
            ) : (
              <div className="identify-photo-placeholder" style={{ aspectRatio: `${width} / ${height}` }} />
            )}
          </Annotated>
        </div>
        {faces.length === 0 ? (
          <p className="muted identify-no-faces">
            No faces were found in this photo. Faces that are very small, blurred or seen from the side may be missed.
          </p>
        ) : (
          <ol className="identify-faces" aria-label={`Faces in ${fileName(entry.path)}`}>
            {order.map((i) => (
              <FaceRow key={i} face={faces[i]!} label={labels[i]!} index={i} number={numbers.get(i)!} highlight={highlight} />
            ))}
          </ol>
        )}
      </div>
    </article>
  );
}

export function FailedFileCard({ entry }: { readonly entry: FailedFile }) {
  const headingId = useId();
  return (
    <article
      className="card identify-card identify-card-failed"
      aria-labelledby={headingId}
      data-testid="identify-failed"
      data-file={entry.path}
    >
      <span className="identify-failed-icon" aria-hidden="true">
        !
      </span>
      <div>
        <h3 id={headingId} title={entry.path}>
          {fileName(entry.path)}
        </h3>
        <p className="identify-failed-message">{entry.message}</p>
      </div>
    </article>
  );
}
