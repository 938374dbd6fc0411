/** Name a group: its best faces are enrolled under the name (added to that person when the name exists). */
import { useId, useState } from 'react';
import { nameProblem } from '../../core/formats/sampleRules.ts';
import { errorMessage, plural } from '../../core/text.ts';
import type { PersonSummary } from '../../worker/api.ts';

export function NameForm({
  title,
  count,
  people,
  onName,
}: {
  /** "Group 2": in the field's accessible name. */
  readonly title: string;
  /** Faces the name enrols. */
  readonly count: number;
  readonly people: readonly PersonSummary[] | null;
  readonly onName: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const noteId = useId();
  const trimmed = name.trim();
  const existing = trimmed ? people?.find((p) => p.name.toLowerCase() === trimmed.toLowerCase()) : undefined;
  const problem = nameProblem(trimmed);

  return (
    <form
      className="faces-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (problem) {
          setError(problem === 'empty' ? 'Type a name first.' : 'That name is too long.');
          return;
        }
        setBusy(true);
        setError(null);
        onName(trimmed).then(
          () => setBusy(false),
          (e: unknown) => {
            setBusy(false);
            setError(`Nothing was saved: ${errorMessage(e)}.`);
          },
        );
      }}
    >
      <label htmlFor={inputId}>Who is this?</label>
      <div className="row">
        <input
          id={inputId}
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="Name"
          autoComplete="off"
          aria-label={`Name for ${title}`}
          aria-describedby={noteId}
          data-testid="faces-name-input"
        />
        <button type="submit" className="primary" disabled={busy} data-testid="faces-name-save">
          {busy ? 'Enrolling…' : `Enrol ${plural(count, 'face')}`}
        </button>
      </div>
      <p className="muted faces-name-note" id={noteId}>
        {existing
          ? `${existing.name} is already enrolled (${plural(existing.sampleCount, 'sample')}): these ${plural(count, 'face')} will be added to ${existing.name}.`
          : `The ${plural(count, 'face')} marked ★ go into People under this name.`}
      </p>
      {error && (
        <p className="faces-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
