/**
 * The person's name as a heading, edited in place: Rename → text box (Enter saves, Escape cancels).
 * A refused name shows the worker's reason; when it is another person's name, merging is offered.
 */
import { useId, useRef, useState, type Ref } from 'react';
import { errorMessage } from '../../core/text.ts';
import type { PersonSummary } from '../../worker/api.ts';

export function NameEditor({
  person,
  others,
  onRename,
  onMergeInto,
  headingRef,
  disabled,
}: {
  readonly person: PersonSummary;
  /** The gallery's other people: a clash with one of them offers a merge. */
  readonly others: readonly PersonSummary[];
  readonly onRename: (name: string) => Promise<void>;
  readonly onMergeInto: (target: PersonSummary) => void;
  readonly headingRef: Ref<HTMLHeadingElement>;
  readonly disabled: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ readonly message: string; readonly clash: PersonSummary | null } | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const errorId = useId();

  const stop = () => {
    setDraft(null);
    setError(null);
    // Back to the button that started it, after React has put it back.
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  const save = async (name: string) => {
    if (name.trim() === person.name) return stop();
    setSaving(true);
    setError(null);
    try {
      await onRename(name);
      stop();
    } catch (e) {
      const key = name.trim().toLowerCase();
      setError({ message: errorMessage(e), clash: others.find((p) => p.name.trim().toLowerCase() === key) ?? null });
    } finally {
      setSaving(false);
    }
  };

  if (draft === null) {
    return (
      <div className="name-editor">
        <h2 className="person-name" tabIndex={-1} ref={headingRef} data-testid="person-detail-name">
          {person.name}
        </h2>
        <button
          ref={renameButton}
          type="button"
          className="small"
          onClick={() => setDraft(person.name)}
          disabled={disabled}
          data-testid="rename-start"
        >
          Rename
        </button>
      </div>
    );
  }

  return (
    <form
      className="name-editor editing"
      onSubmit={(event) => {
        event.preventDefault();
        void save(draft);
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        New name for {person.name}
      </label>
      <input
        id={inputId}
        type="text"
        value={draft}
        maxLength={200}
        autoFocus
        onFocus={(event) => event.target.select()}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            stop();
          }
        }}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        disabled={saving}
        data-testid="rename-input"
      />
      <button type="submit" className="primary small" disabled={saving || !draft.trim()} data-testid="rename-save">
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="small" onClick={stop} disabled={saving}>
        Cancel
      </button>
      {error && (
        <div className="rename-error notice notice-error" role="alert" id={errorId} data-testid="rename-error">
          <span>{error.message}</span>
          {error.clash && (
            <button type="button" className="small" onClick={() => error.clash && onMergeInto(error.clash)} data-testid="rename-merge">
              Merge into {error.clash.name}…
            </button>
          )}
        </div>
      )}
    </form>
  );
}
