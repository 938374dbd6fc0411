/** The celebrity import's progress (n of N, the photo, cancel) and, at the end, its summary with every skipped photo and why. */
import { Fragment } from 'react';
import { Notice } from '../components/Notice.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { plural } from '../../core/text.ts';
import type { ImportOutcome, ImportProgress, ImportState, SkippedPhoto } from './useCelebrityImport.ts';

function SummaryCounts({ progress: p }: { readonly progress: ImportProgress }) {
  const parts = [
    plural(p.celebrities.length, 'celebrity', 'celebrities'),
    `${plural(p.added, 'photo')} added`,
    `${p.skipped.length} skipped`,
  ];
  if (p.alreadySaved > 0) parts.push(`${plural(p.alreadySaved, 'photo')} already in the gallery`);
  // Each part stays on one line; lines break only between parts.
  return parts.map((part, i) => (
    <Fragment key={part}>
      {i > 0 && ' · '}
      <span className="summary-part">{part}</span>
    </Fragment>
  ));
}

function outcomeText(
  outcome: ImportOutcome,
  p: ImportProgress,
  error: string | null,
): { title: string; tone: 'success' | 'warning' | 'error' } {
  const handled = `${p.done} of ${plural(p.total, 'photo')}`;
  switch (outcome) {
    case 'complete':
      if (p.total === 0) return { title: 'No photos found in what you picked.', tone: 'warning' };
      return p.added + p.alreadySaved > 0
        ? { title: 'Import finished.', tone: 'success' }
        : { title: 'No photo could be added.', tone: 'warning' };
    case 'cancelled':
      return { title: `Import cancelled after ${handled}. What was added is kept.`, tone: 'warning' };
    case 'engine-restarted':
      return {
        title: `The face engine restarted, so the import stopped after ${handled}. What was added is kept: pick the same folder again to add the rest.`,
        tone: 'warning',
      };
    case 'failed':
      return { title: `The import stopped after ${handled}: ${error ?? 'unknown error'}. What was added is kept.`, tone: 'error' };
  }
}

function SkippedList({ skipped }: { readonly skipped: readonly SkippedPhoto[] }) {
  if (skipped.length === 0) return null;
  return (
    <details className="skipped" open={skipped.length <= 6}>
      <summary>{plural(skipped.length, 'photo')} skipped</summary>
      <ul data-testid="celebrity-skipped">
        {skipped.map((s, i) => (
          <li key={`${i}-${s.path}`}>
            <code className="skipped-path">{s.path}</code> <span className="skipped-reason">{s.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function ImportStatus({
  state,
  onCancel,
  onDismiss,
}: {
  readonly state: ImportState;
  readonly onCancel: () => void;
  readonly onDismiss: () => void;
}) {
  if (state.status === 'idle') return null;
  const p = state.progress;
  if (state.status === 'running') {
    const position = Math.min(p.total, p.done + 1);
    return (
      <div className="import-status" data-testid="celebrity-progress">
        <ProgressBar label="Adding celebrities" value={p.done} max={p.total} detail={`${position} of ${p.total}`} />
        <div className="import-current" aria-live="polite">
          {p.current ? (
            <span>
              <code>{p.current.path}</code> → <strong>{p.current.name}</strong>
            </span>
          ) : (
            <span>Checking what is already saved…</span>
          )}
        </div>
        <div className="row import-running-actions">
          <span className="muted">
            <SummaryCounts progress={p} />
          </span>
          <button type="button" onClick={onCancel} data-testid="celebrity-cancel">
            Cancel
          </button>
        </div>
        <SkippedList skipped={p.skipped} />
      </div>
    );
  }
  const { title, tone } = outcomeText(state.outcome, p, state.error);
  return (
    <div className="import-status" data-testid="celebrity-summary" data-outcome={state.outcome}>
      <Notice kind={tone}>
        <div className="import-summary-head">
          <div>
            <strong>{title}</strong>
            <div data-testid="celebrity-summary-counts">
              <SummaryCounts progress={p} />
            </div>
          </div>
          <button type="button" className="import-dismiss" onClick={onDismiss} aria-label="Hide the import summary">
            ×
          </button>
        </div>
      </Notice>
      <SkippedList skipped={p.skipped} />
    </div>
  );
}
