/** The scan's progress (n of N photos, the current file, Cancel), then the grouping, then how it went. */
import { plural } from '../../core/text.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { fileName } from './foundFace.ts';
import type { ScanCounts, ScanProgress } from './useFaceGrouping.ts';

function progressText(progress: ScanProgress, counts: ScanCounts): string {
  const { state, done, current, cancelling, notAnalysed } = progress;
  const found = `${plural(counts.faces, 'face')} found`;
  if (state === 'running') {
    if (cancelling) return `Stopping after ${current ? fileName(current) : 'the current photo'}…`;
    return `${current ? `Reading ${fileName(current)}` : 'Starting'}… ${found} so far.`;
  }
  if (state === 'grouping') return `Grouping ${plural(counts.faces, 'face')} from ${plural(counts.photos, 'photo')}…`;
  const stopped = state === 'cancelled' ? `Stopped: ${plural(done, 'photo')} read, ${plural(notAnalysed, 'photo')} not read; ` : 'Done: ';
  return `${stopped}${plural(counts.faces, 'face')} grouped from ${plural(counts.photos, 'photo')}.`;
}

export function ScanPanel({
  progress,
  counts,
  onCancel,
}: {
  readonly progress: ScanProgress;
  readonly counts: ScanCounts;
  readonly onCancel: () => void;
}) {
  const { state, done, total, cancelling } = progress;
  const message = progressText(progress, counts);
  return (
    <div className="card faces-progress" data-testid="faces-progress" data-state={state} data-done={done} data-total={total}>
      <ProgressBar
        label={
          state === 'running' ? 'Finding faces' : state === 'grouping' ? 'Grouping faces' : state === 'cancelled' ? 'Stopped' : 'Finished'
        }
        value={state === 'grouping' ? 0 : done}
        max={state === 'grouping' ? 0 : total}
        detail={state === 'grouping' ? undefined : `${done} of ${total}`}
      />
      <p className="faces-progress-text" data-testid="faces-progress-text">
        {message}
      </p>
      {counts.turned > 0 && (
        <p className="muted" data-testid="faces-turned">
          {plural(counts.turned, 'face')} turned too far from the camera {counts.turned === 1 ? 'is' : 'are'} not grouped: a face seen from
          the side is too unreliable to compare.
        </p>
      )}
      {/* The start, the grouping and the end are announced; a line per photo would drown everything else. */}
      <p className="visually-hidden" aria-live="polite">
        {state === 'running' ? `Finding faces in ${plural(total, 'photo')}.` : message}
      </p>
      {state === 'running' && (
        <button type="button" onClick={onCancel} disabled={cancelling} data-testid="faces-cancel">
          {cancelling ? 'Stopping…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
