/**
 * Beside the threshold: how the user's own people score against themselves and against each other,
 * what the current threshold does with that, and a suggested threshold applied with one click (and
 * undone with another).
 */
import { useRef, useState } from 'react';
import { Notice } from '../../components/Notice.tsx';
import { useSettings } from '../SettingsContext.tsx';
import { matchSettings } from '../settings.ts';
import { ScoreHistogram } from './ScoreHistogram.tsx';
import { useCalibration } from './useCalibration.ts';
import './calibration.css';

const score = (v: number): string => v.toFixed(2);

export function CalibrationPanel() {
  const { settings, update } = useSettings();
  const { calibration, error } = useCalibration(matchSettings(settings));
  // The last Apply, offered for Undo while the threshold is still what it set.
  const [applied, setApplied] = useState<{ readonly from: number; readonly to: number } | null>(null);
  const [message, setMessage] = useState('');
  const applyButton = useRef<HTMLButtonElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const undoable = applied !== null && applied.to === settings.threshold;
  const suggestion = calibration?.suggestedThreshold ?? null;

  const apply = (to: number) => {
    const from = settings.threshold;
    update({ threshold: to });
    setApplied({ from, to });
    setMessage(`Threshold set to ${score(to)} (it was ${score(from)}).`);
    // The Apply button goes away once the threshold is the suggestion: Undo is the next useful control.
    requestAnimationFrame(() => undoButton.current?.focus());
  };
  const undo = () => {
    if (!applied) return;
    update({ threshold: applied.from });
    setApplied(null);
    setMessage(`Threshold back to ${score(applied.from)}.`);
    requestAnimationFrame(() => applyButton.current?.focus());
  };

  return (
    <section className="card settings-group calibration-panel" aria-labelledby="settings-calibration" data-testid="calibration-panel">
      <h2 id="settings-calibration">Check the threshold on your people</h2>
      <p className="setting-help">
        Every pair of photos of one enrolled person is a same-person comparison; each photo against each other person is a look-alike
        comparison. A good threshold has the look-alikes to its left and the same-person scores to its right.
      </p>
      {error && <Notice kind="error">The gallery could not be measured: {error}</Notice>}
      {!calibration && !error && <p className="muted">Measuring your gallery…</p>}
      {calibration && (
        <>
          {calibration.genuine.count + calibration.impostor.count > 0 && (
            <ScoreHistogram calibration={calibration} uncertainBand={settings.uncertainBand} />
          )}
          <p className="calibration-summary" data-testid="calibration-summary" aria-live="polite">
            {calibration.summary}
          </p>
          {suggestion === null ? (
            <p className="calibration-too-small" data-testid="calibration-too-small">
              {calibration.rule} The default threshold is kept until there are enough people to measure.
            </p>
          ) : (
            <div className="calibration-suggestion" data-testid="calibration-suggestion">
              <p>
                Suggested threshold: <strong data-testid="calibration-suggested">{score(suggestion)}</strong>
              </p>
              <p className="setting-help" data-testid="calibration-rule">
                {calibration.rule}
              </p>
              {suggestion !== settings.threshold ? (
                <button
                  type="button"
                  className="primary"
                  ref={applyButton}
                  onClick={() => apply(suggestion)}
                  data-testid="calibration-apply"
                >
                  Use {score(suggestion)} as the threshold
                </button>
              ) : (
                !undoable && <p className="muted">Your threshold is already the suggested one.</p>
              )}
            </div>
          )}
        </>
      )}
      <div className="calibration-status" aria-live="polite" data-testid="calibration-status">
        {message && <span>{message}</span>}
        {undoable && (
          <button type="button" ref={undoButton} onClick={undo} data-testid="calibration-undo">
            Undo
          </button>
        )}
      </div>
    </section>
  );
}
