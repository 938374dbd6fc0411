/** One person: their name (rename in place), merge, delete, and every sample with its own delete. */
import { useEffect, useRef, useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import type { PersonSummary } from '../../worker/api.ts';
import { MergeDialog } from './MergeDialog.tsx';
import { NameEditor } from './NameEditor.tsx';
import { SampleList } from './SampleList.tsx';
import { plural } from '../../core/text.ts';
import type { PersonActions } from './usePersonActions.ts';
import { useSamples } from './useSamples.ts';

export function PersonDetail({
  person,
  others,
  actions,
  onClose,
  disabled,
}: {
  readonly person: PersonSummary;
  readonly others: readonly PersonSummary[];
  readonly actions: PersonActions;
  readonly onClose: () => void;
  readonly disabled: boolean;
}) {
  const { samples, error } = useSamples(person.id, person.gallery);
  const [merging, setMerging] = useState<{ readonly target: PersonSummary | null } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening a person (or arriving here after a merge) moves keyboard focus to their name.
  useEffect(() => heading.current?.focus(), [person.id]);

  return (
    <article className="person-detail card" aria-label={person.name} data-testid="person-detail" data-person-name={person.name}>
      <div className="person-detail-top">
        <button type="button" className="small back-button" onClick={onClose} data-testid="person-back">
          <span aria-hidden="true">←</span> All {person.gallery === 'people' ? 'people' : 'celebrities'}
        </button>
      </div>
      <header className="person-detail-header">
        <NameEditor
          key={person.id}
          person={person}
          others={others}
          disabled={disabled}
          headingRef={heading}
          onRename={(name) => actions.rename(person, name)}
          onMergeInto={(target) => setMerging({ target })}
        />
        <p className="muted person-detail-count" data-testid="person-detail-count">
          {plural(person.sampleCount, 'sample')}
        </p>
        <div className="row person-detail-actions">
          <button
            type="button"
            onClick={() => setMerging({ target: null })}
            disabled={disabled || others.length === 0}
            data-testid="merge-start"
          >
            Merge into…
          </button>
          <button
            type="button"
            className="danger"
            disabled={disabled || deleting}
            data-testid="person-delete"
            onClick={() => {
              setDeleting(true);
              void actions.deletePerson(person).finally(() => setDeleting(false));
            }}
          >
            {deleting ? 'Deleting…' : `Delete ${person.name}`}
          </button>
        </div>
      </header>
      <h3 className="samples-heading">Samples</h3>
      <p className="muted samples-hint">
        Each sample is one enrolled face. Removing a poor one (blurred, turned away, someone else) can make recognition steadier.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {samples === null && !error && (
        <p className="muted" aria-live="polite">
          Loading samples…
        </p>
      )}
      {samples && (
        <SampleList
          samples={samples}
          personName={person.name}
          disabled={disabled}
          onDelete={(sample) => actions.deleteSample(person, sample)}
        />
      )}
      {merging && (
        <MergeDialog
          person={person}
          others={others}
          initialTarget={merging.target}
          onMerge={(into) => actions.merge(person, into)}
          onClose={() => setMerging(null)}
        />
      )}
    </article>
  );
}
