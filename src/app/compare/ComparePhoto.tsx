/** One side of Compare: its drop zone, the photo with its faces, and the choice of face when there are several. */
import { useId, useState, type MouseEvent } from 'react';
import { plural } from '../../core/text.ts';
import { BlobImage, useObjectUrl } from '../components/BlobImage.tsx';
import { Annotated, type FaceHighlight, type FaceMark } from '../components/FaceOverlay.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Notice } from '../components/Notice.tsx';
import { leftToRight } from '../components/labelLayout.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { shortPoseReason } from '../identify/faceLabel.ts';
import type { CompareSide } from './useCompare.ts';
import { faceAt } from './verdict.ts';

const MAX_PHOTO_HEIGHT = 380;

function marksOf(side: CompareSide, numbers: ReadonlyMap<number, number>): FaceMark[] {
  const faces = side.analysis?.faces ?? [];
  return faces.map((face, i) => {
    const chosen = i === side.selected;
    const usable = face.poseCheck.passed && face.recognition.recognisable;
    return {
      box: face.box,
      landmarks: chosen ? face.landmarks : undefined,
      // Badges numbered left to right match the face buttons below; a lone face needs none.
      number: faces.length === 1 ? undefined : numbers.get(i),
      label: '',
      detail: !face.poseCheck.passed
        ? shortPoseReason(face.poseCheck.reason)
        : face.recognition.recognisable
          ? undefined
          : 'Too small or blurred',
      // The compared face stands out; the others (and faces turned too far) recede.
      tone: chosen && usable ? 'neutral' : 'filtered',
    };
  });
}

export function ComparePhoto({ side, letter, ready }: { readonly side: CompareSide; readonly letter: 'A' | 'B'; readonly ready: boolean }) {
  const headingId = useId();
  const url = useObjectUrl(side.picked?.file ?? null);
  const analysis = side.analysis;
  const faces = analysis?.faces ?? [];
  const [active, setActive] = useState<number | null>(null);
  const highlight: FaceHighlight = { active, setActive };
  const order = leftToRight(faces.map((f) => f.box));
  const numbers = new Map(order.map((index, rank) => [index, rank + 1]));

  // Clicking a face on the photo selects it (the face buttons below do the same from the keyboard).
  const onPhotoClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!analysis || faces.length < 2) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * analysis.width;
    const y = ((event.clientY - rect.top) / rect.height) * analysis.height;
    const hit = faceAt(faces, x, y);
    if (hit >= 0) side.select(hit);
  };

  const frameWidth = analysis
    ? `min(100%, ${Math.round((MAX_PHOTO_HEIGHT * analysis.width) / Math.max(1, analysis.height))}px)`
    : undefined;

  return (
    <section
      className={`card compare-side${side.picked ? ' has-photo' : ''}`}
      aria-labelledby={headingId}
      data-testid={`compare-${side.id}`}
      data-status={side.status}
    >
      <h2 id={headingId}>
        <span className="compare-letter" aria-hidden="true">
          {letter}
        </span>
        Photo {letter}
      </h2>
      <FileDrop
        onFiles={side.pick}
        multiple={false}
        label={side.picked ? 'Drop another photo to replace it' : `Drop photo ${letter} here`}
        hint={ready ? undefined : 'Loading face models…'}
        disabled={!ready}
        testId={`compare-${side.id}-drop`}
      />
      {side.error && (
        <Notice kind="error" testId={`compare-${side.id}-error`}>
          {side.error}
        </Notice>
      )}
      {side.status === 'analyzing' && <ProgressBar label={ready ? 'Finding faces…' : 'Waiting for the face models…'} value={0} max={0} />}
      {analysis && url && side.status === 'ready' && (
        <>
          <div
            className={`compare-photo${faces.length > 1 ? ' compare-photo-choosable' : ''}`}
            style={{ width: frameWidth }}
            onClick={onPhotoClick}
            data-testid={`compare-${side.id}-photo`}
          >
            <Annotated
              width={analysis.width}
              height={analysis.height}
              faces={marksOf(side, numbers)}
              highlight={faces.length > 1 ? highlight : undefined}
            >
              <img
                src={url}
                alt={`Photo ${letter}: ${side.picked?.path ?? ''}, ${plural(faces.length, 'face')}`}
                style={{ aspectRatio: `${analysis.width} / ${analysis.height}` }}
              />
            </Annotated>
          </div>
          <div className="compare-file">
            <span className="muted" title={side.picked?.path}>
              {side.picked?.path} · {analysis.width}×{analysis.height}
            </span>
            <button type="button" className="compare-remove" onClick={side.clear} data-testid={`compare-${side.id}-remove`}>
              Remove
            </button>
          </div>
          {faces.length > 1 && (
            <div className="compare-choose">
              <p id={`${headingId}-choose`}>{faces.length} faces found. Choose the one to compare (or click it on the photo):</p>
              <div className="compare-face-buttons" role="group" aria-labelledby={`${headingId}-choose`}>
                {order.map((i) => {
                  const face = faces[i]!;
                  return (
                    <button
                      key={i}
                      type="button"
                      className={`compare-face-button${active === i ? ' is-active' : ''}`}
                      aria-pressed={i === side.selected}
                      onClick={() => side.select(i)}
                      onMouseEnter={() => setActive(i)}
                      onMouseLeave={() => setActive(null)}
                      onFocus={() => setActive(i)}
                      onBlur={() => setActive(null)}
                      data-testid={`compare-${side.id}-face`}
                      data-face-number={numbers.get(i)}
                    >
                      <BlobImage blob={face.thumbnail} alt="" className="thumb thumb-small" />
                      <span>
                        Face {numbers.get(i)}
                        {!face.poseCheck.passed ? (
                          <span className="compare-face-note"> (turned away)</span>
                        ) : (
                          !face.recognition.recognisable && (
                            <span className="compare-face-note"> ({shortPoseReason(face.recognition.reason).toLowerCase()})</span>
                          )
                        )}
                      </span>
                    </button>
                  );
                })}
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
