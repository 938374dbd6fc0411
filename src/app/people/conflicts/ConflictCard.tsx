/** One possible mix-up: the two faces side by side, how alike they are, and its fixes. */
import type { Ref } from 'react';
import { BlobImage } from '../../components/BlobImage.tsx';
import type { PersonSummary, SampleView } from '../../../worker/api.ts';
import { mergeDirection, type ConflictActions } from './useConflictActions.ts';
import type { Conflict } from './useConflicts.ts';

const score = (v: number): string => v.toFixed(2);

function Face({ sample, person, label }: { readonly sample: SampleView; readonly person: PersonSummary; readonly label: string }) {
  return (
    <figure className="conflict-face">
      <BlobImage blob={sample.thumbnail} alt={label} className="thumb" data-testid="conflict-thumbnail" />
      <figcaption>{person.name}</figcaption>
    </figure>
  );
}

export function ConflictCard({
  conflict,
  threshold,
  actions,
  busy,
  onAction,
  headingRef,
}: {
  readonly conflict: Conflict;
  readonly threshold: number;
  readonly actions: ConflictActions;
  /** Every fix is disabled while one runs. */
  readonly busy: boolean;
  /** Runs a fix (the list tracks it to move focus once the conflict has gone). */
  readonly onAction: (run: () => Promise<unknown> | void) => void;
  readonly headingRef: Ref<HTMLHeadingElement>;
}) {
  if (conflict.type === 'people') {
    const { a, b } = conflict;
    const { from, into } = mergeDirection(conflict);
    return (
      <li className="conflict-card card" data-testid="conflict" data-conflict-type="people">
        <h3 tabIndex={-1} ref={headingRef} data-testid="conflict-title">
          {a.name} and {b.name} look alike
        </h3>
        <div className="conflict-faces">
          <Face sample={conflict.sampleA} person={a} label={`A sample of ${a.name}`} />
          <span className="conflict-similarity" data-testid="conflict-similarity">
            {score(conflict.similarity)}
          </span>
          <Face sample={conflict.sampleB} person={b} label={`A sample of ${b.name}`} />
        </div>
        <p className="muted">
          Their closest photos are {score(conflict.similarity)} alike, at or above your threshold of {score(threshold)}: the same person
          enrolled twice, or relatives?
        </p>
        <div className="conflict-actions">
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => onAction(() => actions.merge(conflict))}
            data-testid="conflict-merge"
          >
            Merge {from.name} into {into.name}
          </button>
          <button
            type="button"
            className="small"
            disabled={busy}
            aria-label={`They are different people: ${a.name} and ${b.name}`}
            onClick={() => onAction(() => actions.dismiss(conflict))}
            data-testid="conflict-different"
          >
            They are different people
          </button>
        </div>
      </li>
    );
  }
  const { person, other } = conflict;
  return (
    <li className="conflict-card card" data-testid="conflict" data-conflict-type="sample">
      <h3 tabIndex={-1} ref={headingRef} data-testid="conflict-title">
        A sample of {person.name} looks like {other.name}
      </h3>
      <div className="conflict-faces">
        <Face sample={conflict.sample} person={person} label={`The sample filed under ${person.name}`} />
        <span className="conflict-similarity" data-testid="conflict-similarity">
          {score(conflict.similarity)}
        </span>
        <Face sample={conflict.otherSample} person={other} label={`A sample of ${other.name}`} />
      </div>
      <p className="muted">
        It is {score(conflict.similarity)} alike to {other.name} but at most {score(conflict.ownSimilarity)} to the other samples of{' '}
        {person.name}: probably enrolled under the wrong name.
      </p>
      <div className="conflict-actions">
        <button
          type="button"
          className="small primary"
          disabled={busy}
          aria-label={`Move to ${other.name}: the sample of ${person.name}`}
          onClick={() => onAction(() => actions.move(conflict))}
          data-testid="conflict-move"
        >
          Move to {other.name}
        </button>
        <button
          type="button"
          className="small danger"
          disabled={busy}
          aria-label={`Delete sample: the one of ${person.name} that looks like ${other.name}`}
          onClick={() => onAction(() => actions.deleteSample(conflict))}
          data-testid="conflict-delete"
        >
          Delete sample
        </button>
        <button
          type="button"
          className="small"
          disabled={busy}
          aria-label={`It is ${person.name}: keep this sample with ${person.name}`}
          onClick={() => onAction(() => actions.dismiss(conflict))}
          data-testid="conflict-keep"
        >
          It is {person.name}
        </button>
      </div>
    </li>
  );
}
