/** The collected shots as thumbnails, each removable, flagged when it looks like someone else. */
import { BlobImage } from '../components/BlobImage.tsx';
import { similarityText } from '../format.ts';
import type { Shot } from './shots.ts';
import type { ShotCheck } from './useShotChecks.ts';

function sourceText(shot: Shot): string {
  return shot.origin === 'webcam' ? 'Webcam' : (shot.source.split('/').pop() ?? shot.source);
}

/** "+12°", "−3°", "0°" (never "−0°"). */
function signed(degrees: number): string {
  const rounded = Math.round(degrees);
  return rounded === 0 ? '0°' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}°`;
}

export function ShotList({
  shots,
  checks,
  onRemove,
}: {
  readonly shots: readonly Shot[];
  readonly checks: ReadonlyMap<string, ShotCheck>;
  readonly onRemove: (id: string) => void;
}) {
  if (shots.length === 0) {
    return (
      <p className="muted enroll-empty" data-testid="enroll-no-shots">
        No shots yet. Start the camera or add photos: they appear here to check before saving.
      </p>
    );
  }
  return (
    <ol className="enroll-shots" data-testid="enroll-shots">
      {shots.map((shot, i) => {
        const check = checks.get(shot.id);
        const flagged = check?.otherPerson === true && check.closest !== null;
        return (
          <li
            key={shot.id}
            className={`enroll-shot${flagged ? ' enroll-shot-flagged' : ''}`}
            data-testid="enroll-shot"
            data-flagged={flagged}
          >
            <BlobImage blob={shot.thumbnail} alt={`Shot ${i + 1}`} className="thumb enroll-shot-thumb" />
            <div className="enroll-shot-info">
              <span className="enroll-shot-title">
                {i + 1}. {sourceText(shot)}
              </span>
              <span className="muted enroll-shot-pose" title="Head turn (yaw) and tilt (pitch)">
                <span>yaw {signed(shot.pose.yaw)}</span>
                <span>pitch {signed(shot.pose.pitch)}</span>
              </span>
              {flagged && check.closest && (
                <span className="enroll-shot-flag">
                  Looks like {check.closest.name} ({similarityText(check.closest.similarity)})
                </span>
              )}
            </div>
            <button
              type="button"
              className="enroll-shot-remove"
              onClick={() => onRemove(shot.id)}
              aria-label={`Remove shot ${i + 1}`}
              title="Remove this shot"
            >
              <span aria-hidden="true">✕</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
