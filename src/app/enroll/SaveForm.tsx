/** The name, what the checks found, and Save / Start over. */
import type { FormEvent } from 'react';
import { plural } from '../../core/text.ts';
import { Notice } from '../components/Notice.tsx';
import { similarityText } from '../format.ts';
import type { Shot } from './shots.ts';
import { MAX_NAME_LENGTH, type EnrollState } from './useEnroll.ts';
import type { ShotChecks } from './useShotChecks.ts';

function StrictWarning({ shots, checks, name }: { readonly shots: readonly Shot[]; readonly checks: ShotChecks; readonly name: string }) {
  const flagged = shots.flatMap((shot, i) => {
    const check = checks.byShot.get(shot.id);
    // Shots of the person the lookalike notice already names are left to that notice.
    const covered = checks.lookalike !== null && check?.closest?.personId === checks.lookalike.personId;
    return check?.otherPerson && check.closest && !covered ? [{ number: i + 1, closest: check.closest, own: check.ownBest }] : [];
  });
  if (flagged.length === 0) return null;
  return (
    <Notice kind="warning" testId="enroll-strict-warning">
      <strong>{flagged.length === 1 ? 'One shot may be someone else.' : `${flagged.length} shots may be someone else.`}</strong>
      <ul className="enroll-warning-list">
        {flagged.map((f) => (
          <li key={f.number}>
            Shot {f.number} is closer to {f.closest.name}, already enrolled ({similarityText(f.closest.similarity)}),{' '}
            {f.own === null ? 'and there is no other shot to compare it with.' : `than to the other shots (${similarityText(f.own)}).`}
          </li>
        ))}
      </ul>
      Remove {flagged.length === 1 ? 'it' : 'them'} if {flagged.length === 1 ? 'it is' : 'they are'} not{' '}
      {name.trim() || 'the person you are enrolling'}.
    </Notice>
  );
}

export function SaveForm({
  enroll,
  checks,
  canSave,
  onStartOver,
}: {
  readonly enroll: EnrollState;
  readonly checks: ShotChecks;
  readonly canSave: boolean;
  readonly onStartOver: () => void;
}) {
  const { shots, name } = enroll;
  const trimmed = name.trim();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void enroll.save();
  };
  const blocker = shots.length === 0 ? 'Add at least one shot to save.' : trimmed === '' ? 'Enter a name to save.' : null;
  const { existing, lookalike, unlikeExisting } = checks;

  return (
    <form className="stack enroll-save" onSubmit={onSubmit} aria-labelledby="enroll-save-heading">
      <h2 id="enroll-save-heading" className="visually-hidden">
        Name and save
      </h2>
      <div className="enroll-name-field">
        <label htmlFor="enroll-name">Name</label>
        <input
          id="enroll-name"
          type="text"
          value={name}
          maxLength={MAX_NAME_LENGTH}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. Ada Lovelace"
          onChange={(e) => enroll.setName(e.currentTarget.value)}
          aria-describedby="enroll-save-hint"
          data-testid="enroll-name"
        />
      </div>

      <div aria-live="polite" className="stack enroll-warnings">
        {existing && shots.length > 0 && (
          <Notice kind="info" testId="enroll-name-exists">
            <strong>{existing.name}</strong> is already enrolled ({plural(existing.sampleCount, 'sample')}). Saving adds{' '}
            {shots.length === 1 ? 'this shot' : `these ${shots.length} shots`} to them.
          </Notice>
        )}
        {existing && unlikeExisting && (
          <Notice kind="warning" testId="enroll-unlike-existing">
            These shots do not look like the {existing.name} already enrolled
            {unlikeExisting.similarity === null ? '' : ` (best similarity ${similarityText(unlikeExisting.similarity)})`}. Check the name
            before saving.
          </Notice>
        )}
        {lookalike && (
          <Notice kind="warning" testId="enroll-lookalike">
            {lookalike.shots === lookalike.of
              ? lookalike.of === 1
                ? 'This shot looks'
                : 'These shots look'
              : `${lookalike.shots} of the ${lookalike.of} shots look`}{' '}
            like <strong>{lookalike.name}</strong>, who is already enrolled (similarity {similarityText(lookalike.similarity)}). If this is
            the same person, add the shots to them instead of creating someone new.
            <div className="row enroll-notice-actions">
              <button type="button" onClick={() => enroll.setName(lookalike.name)} data-testid="enroll-use-lookalike-name">
                Add to {lookalike.name}
              </button>
            </div>
          </Notice>
        )}
        <StrictWarning shots={shots} checks={checks} name={name} />
        {checks.error && <Notice kind="error">{checks.error}</Notice>}
        {enroll.saveError && (
          <Notice kind="error" testId="enroll-save-error">
            {enroll.saveError}
          </Notice>
        )}
      </div>

      <p id="enroll-save-hint" className="muted enroll-save-hint">
        {blocker ??
          (checks.checking
            ? 'Comparing with the people already enrolled…'
            : `${plural(shots.length, 'shot')} will be saved to the People gallery.`)}
      </p>
      <div className="row">
        <button type="submit" className="primary" disabled={!canSave || blocker !== null || enroll.saving} data-testid="enroll-save">
          {enroll.saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onStartOver} disabled={shots.length === 0 && name === ''} data-testid="enroll-start-over">
          Start over
        </button>
      </div>
    </form>
  );
}
