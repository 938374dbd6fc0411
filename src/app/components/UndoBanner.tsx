/** The "Deleted … Undo" toast at the bottom of the screen, with a bar showing the time left. */
import type { CSSProperties } from 'react';
import './undoBanner.css';
import type { UndoState } from './useUndo.ts';

export function UndoBanner({ undo, onUndone }: { readonly undo: UndoState; readonly onUndone: (message: string) => void }) {
  const { offer, undoing, error, durationMs, paused } = undo;
  return (
    // Always rendered, so screen readers hear each new message in this live region.
    <div className="undo-region" aria-live="polite">
      {offer && (
        <div
          className={`undo-banner${paused || undoing ? ' paused' : ''}`}
          data-testid="undo-banner"
          onPointerEnter={() => undo.setPaused(true)}
          onPointerLeave={() => undo.setPaused(false)}
          onFocus={() => undo.setPaused(true)}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) undo.setPaused(false);
          }}
        >
          <p className="undo-message">
            {offer.message}
            {error && (
              <span className="undo-error" role="alert">
                {' '}
                {error}
              </span>
            )}
          </p>
          <div className="undo-actions">
            <button
              type="button"
              className="undo-button"
              disabled={undoing}
              data-testid="undo-button"
              onClick={() => {
                void undo.runUndo().then((message) => message && onUndone(message));
              }}
            >
              {undoing ? 'Undoing…' : 'Undo'}
            </button>
            <button type="button" className="undo-close" aria-label="Dismiss" onClick={undo.dismiss}>
              ×
            </button>
          </div>
          {/* Keyed by offer so each new delete starts a full bar; paused with the timer. */}
          <span key={offer.id} className="undo-countdown" style={{ '--undo-ms': `${durationMs}ms` } as CSSProperties} aria-hidden="true" />
        </div>
      )}
    </div>
  );
}
