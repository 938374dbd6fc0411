/** Everyone in the gallery as cards (face, name, sample count); a card opens the person. */
import type { Ref } from 'react';
import { BlobImage } from '../components/BlobImage.tsx';
import type { PersonSummary } from '../../worker/api.ts';
import { plural } from '../../core/text.ts';

export function PeopleGrid({
  people,
  onOpen,
  headingRef,
  heading,
}: {
  readonly people: readonly PersonSummary[];
  readonly onOpen: (personId: string) => void;
  /** Focus lands here when a person's view closes. */
  readonly headingRef: Ref<HTMLHeadingElement>;
  readonly heading: string;
}) {
  return (
    <>
      <h2 className="visually-hidden" tabIndex={-1} ref={headingRef}>
        {heading}
      </h2>
      <ul className="people-grid" data-testid="people-list">
        {people.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              className="person-card"
              data-testid="person-card"
              data-person-id={person.id}
              data-person-name={person.name}
              onClick={() => onOpen(person.id)}
            >
              <BlobImage blob={person.thumbnail} alt="" className="person-card-face" data-testid="person-thumbnail" />
              <span className="person-card-name" data-testid="person-name">
                {person.name}
              </span>
              <span className="person-card-count muted" data-testid="person-sample-count">
                {plural(person.sampleCount, 'sample')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
