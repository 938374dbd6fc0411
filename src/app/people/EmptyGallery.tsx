/** What an empty gallery (or a filter that finds no one) says, with the way to add people. */
import type { GalleryKind } from '../../worker/api.ts';
import { GALLERY_COPY } from './galleryText.ts';

export function EmptyGallery({ kind }: { readonly kind: GalleryKind }) {
  const copy = GALLERY_COPY[kind];
  return (
    <div className="people-empty card" data-testid="people-empty">
      <span className="people-empty-mark" aria-hidden="true" />
      <h2>{kind === 'people' ? 'No one enrolled yet' : 'No celebrities yet'}</h2>
      <p className="muted">
        {kind === 'people'
          ? 'Enroll people from photos, a folder or the webcam, and the Identify screen will recognise them.'
          : 'Add faces of famous people on the Lookalike screen, and it will tell you who you resemble.'}{' '}
        You can also import a gallery file exported from Faceprint or made with its command line.
      </p>
      <div className="row people-empty-links">
        <a className="button primary" href={copy.addHref} data-testid="people-empty-add">
          {copy.addLabel}
        </a>
        <a className="button" href={kind === 'people' ? '#/lookalike' : '#/enroll'}>
          {kind === 'people' ? 'Try Lookalike' : 'Enroll people'}
        </a>
      </div>
    </div>
  );
}

export function NoMatches({ query, onClear }: { readonly query: string; readonly onClear: () => void }) {
  return (
    <div className="people-empty card" data-testid="people-no-matches">
      <p>No one’s name contains “{query.trim()}”.</p>
      <button type="button" onClick={onClear}>
        Clear the filter
      </button>
    </div>
  );
}
