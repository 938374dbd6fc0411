/** The batch's progress (n of N, the current file, Cancel) and, once it ends, how it went. */
import { plural } from '../../core/text.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import type { BatchProgress } from './useIdentifyBatch.ts';

export function BatchPanel({ progress, onCancel }: { readonly progress: BatchProgress; readonly onCancel: () => void }) {
  const { state, done, total, current, cancelling, notAnalysed } = progress;
  const fileName = current?.replace(/^.*\//, '');
  let message: string;
  if (state === 'running') {
    message = cancelling ? `Stopping after ${fileName ?? 'the current photo'}…` : fileName ? `Analysing ${fileName}…` : 'Starting…';
  } else if (state === 'cancelled') {
    message = `Stopped: ${plural(done, 'photo')} analysed, ${plural(notAnalysed, 'photo')} not analysed.`;
  } else {
    message = `Done: ${plural(done, 'photo')} analysed.`;
  }
  return (
    <div
      className={`card identify-progress identify-progress-${state}`}
      data-testid="identify-progress"
      data-state={state}
      data-done={done}
      data-total={total}
    >
      <div className="identify-progress-bar">
        <ProgressBar
          label={state === 'running' ? 'Identifying faces' : state === 'cancelled' ? 'Batch stopped' : 'Batch finished'}
          value={done}
          max={total}
          detail={`${done} of ${total}`}
        />
      </div>
      <p className="identify-progress-text" data-testid="identify-progress-text">
        {message}
      </p>
      {/* Announced at the start and the end only: a line per photo would drown everything else out. */}
      <p className="visually-hidden" aria-live="polite">
        {state === 'running' ? `Identifying ${plural(total, 'photo')}.` : message}
      </p>
      {state === 'running' && (
        <button type="button" onClick={onCancel} disabled={cancelling} data-testid="identify-cancel">
          {cancelling ? 'Stopping…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
