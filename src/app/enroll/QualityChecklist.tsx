/** The live quality gate: every check with its state, and what to do about the first one failing. */
import type { CaptureVerdict } from '../../core/pipeline/quality.ts';
import { gateChecks } from './gate.ts';

const MARK = { pass: '✓', fail: '✕', unknown: '·' } as const;
const STATE_TEXT = { pass: 'passed', fail: 'not yet', unknown: 'not checked' } as const;

export function QualityChecklist({ verdict }: { readonly verdict: CaptureVerdict | null }) {
  const checks = gateChecks(verdict);
  return (
    <ul className="enroll-checks" aria-label="Quality checks" data-testid="enroll-checks">
      {checks.map((c) => (
        <li key={c.id} className={`enroll-check enroll-check-${c.state}`} data-testid={`check-${c.id}`} data-state={c.state}>
          <span className="enroll-check-mark" aria-hidden="true">
            {MARK[c.state]}
          </span>
          {c.label}
          <span className="visually-hidden">: {STATE_TEXT[c.state]}</span>
        </li>
      ))}
    </ul>
  );
}
