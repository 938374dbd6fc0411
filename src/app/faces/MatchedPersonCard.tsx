/** Faces that match someone already enrolled, with Add: the best few go into that person's samples. */
import { useRef, useState } from 'react';
import { errorMessage, plural } from '../../core/text.ts';
import { useFocusAfterChange } from '../components/useFocusAfterChange.ts';
import type { MatchedPerson } from './clusterEdits.ts';
import { FaceGrid } from './FaceGrid.tsx';
import type { FoundFace } from './foundFace.ts';

export function MatchedPersonCard({
  person,
  faces,
  onOpen,
  onAdd,
}: {
  readonly person: MatchedPerson;
  readonly faces: ReadonlyMap<string, FoundFace>;
  readonly onOpen: (face: FoundFace, opener: HTMLElement) => void;
  readonly onAdd: () => Promise<unknown>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef<HTMLParagraphElement>(null);
  // Add is replaced by what was added: focus follows it there.
  useFocusAfterChange(person.added, () => done.current);
  const photos = new Set(person.faceIds.map((id) => faces.get(id)?.photo.id)).size;
  const best = person.bestFaceIds.length;
  return (
    <article className="card faces-group" data-testid="faces-matched" data-person={person.name} data-count={person.faceIds.length}>
      <h3>{person.name}</h3>
      <p>
        {plural(photos, 'more photo')} of {person.name}
        {person.added === null && ` — add the best ${best === 1 ? 'one' : best} to ${person.name}'s samples?`}
      </p>
      <FaceGrid
        gridId={`faces-matched-${person.personId}`}
        title={person.name}
        faceIds={person.faceIds}
        faces={faces}
        best={new Set(person.bestFaceIds)}
        onOpen={onOpen}
      />
      {person.added === null ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="faces-matched-add"
          onClick={() => {
            setBusy(true);
            setError(null);
            onAdd().then(
              () => setBusy(false),
              (e: unknown) => {
                setBusy(false);
                setError(`Nothing was added: ${errorMessage(e)}.`);
              },
            );
          }}
        >
          {busy ? 'Adding…' : `Add ${plural(best, 'face')} to ${person.name}`}
        </button>
      ) : (
        <p className="faces-done" data-testid="faces-matched-done" tabIndex={-1} ref={done}>
          Added {plural(person.added, 'sample')} to {person.name}. <a href="#/people">See People</a>
        </p>
      )}
      {error && (
        <p className="faces-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
