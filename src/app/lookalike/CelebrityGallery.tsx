/** Step 1: the celebrity gallery: its size and faces, the folder drop that builds it, and clearing it. */
import { useState } from 'react';
import { BlobImage } from '../components/BlobImage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Notice } from '../components/Notice.tsx';
import { NAMING_HINT } from './celebrityNames.ts';
import { ImportStatus } from './ImportStatus.tsx';
import { plural } from '../../core/text.ts';
import type { CelebrityGallery as Gallery } from './useCelebrityGallery.ts';
import type { CelebrityImport } from './useCelebrityImport.ts';

/** Faces shown in the strip until it is expanded; the rest are counted on the "+N more" button. */
const STRIP_SIZE = 12;
const STRIP_ID = 'celebrity-strip';

function FaceStrip({ people }: { readonly people: Gallery['people'] }) {
  const [expanded, setExpanded] = useState(false);
  if (!people || people.length === 0) return null;
  const hidden = people.length - STRIP_SIZE;
  const shown = expanded || hidden <= 0 ? people : people.slice(0, STRIP_SIZE);
  return (
    <ul id={STRIP_ID} className="celebrity-strip" aria-label="Celebrities in the gallery" data-testid="celebrity-list">
      {shown.map((p) => (
        <li key={p.id} title={`${p.name}: ${plural(p.sampleCount, 'photo')}`} data-testid="celebrity-item">
          <BlobImage blob={p.thumbnail} alt="" className="celebrity-face" />
          <span className="celebrity-name">{p.name}</span>
        </li>
      ))}
      {hidden > 0 && (
        <li className="celebrity-more">
          {/* Expands in place; the button stays last, so focus stays on it either way. */}
          <button
            type="button"
            className="celebrity-more-button"
            aria-expanded={expanded}
            aria-controls={STRIP_ID}
            onClick={() => setExpanded(!expanded)}
            data-testid="celebrity-more"
          >
            <span className="celebrity-face celebrity-more-count" aria-hidden="true">
              {expanded ? '−' : `+${hidden}`}
            </span>
            <span className="celebrity-name">{expanded ? 'Show fewer' : `Show ${hidden} more`}</span>
          </button>
        </li>
      )}
    </ul>
  );
}

function ClearCelebrities({ gallery, disabled }: { readonly gallery: Gallery; readonly disabled: boolean }) {
  const { clearState, people, photoCount } = gallery;
  if (clearState.status === 'confirming' || clearState.status === 'clearing') {
    const count = people?.length ?? 0;
    return (
      <div className="clear-confirm" role="group" aria-labelledby="clear-question">
        <p id="clear-question">
          Delete all {plural(count, 'celebrity', 'celebrities')} and their {plural(photoCount, 'photo')} from this device? This cannot be
          undone.
        </p>
        <div className="row">
          <button
            type="button"
            className="danger"
            onClick={gallery.confirmClear}
            disabled={clearState.status === 'clearing'}
            data-testid="celebrity-clear-confirm"
          >
            {clearState.status === 'clearing' ? 'Deleting…' : 'Delete all'}
          </button>
          <button type="button" onClick={gallery.cancelClear} disabled={clearState.status === 'clearing'} autoFocus>
            Keep them
          </button>
        </div>
      </div>
    );
  }
  return (
    <>
      {clearState.status === 'cleared' && (people?.length ?? 0) === 0 && (
        <Notice kind="success" testId="celebrity-cleared">
          Celebrity gallery cleared ({plural(clearState.celebrities, 'celebrity', 'celebrities')} deleted).
        </Notice>
      )}
      {clearState.status === 'error' && <Notice kind="error">{clearState.message}</Notice>}
      {(people?.length ?? 0) > 0 && (
        <button type="button" className="danger" onClick={gallery.askToClear} disabled={disabled} data-testid="celebrity-clear">
          Clear celebrities
        </button>
      )}
    </>
  );
}

export function CelebrityGallery({ gallery, importer }: { readonly gallery: Gallery; readonly importer: CelebrityImport }) {
  const { people, photoCount, loadError } = gallery;
  const count = people?.length ?? 0;
  const running = importer.state.status === 'running';
  return (
    <section className="card lookalike-gallery" aria-labelledby="celebrity-gallery-heading">
      <div className="section-head">
        <h2 id="celebrity-gallery-heading">
          <span className="step" aria-hidden="true">
            1
          </span>
          Celebrity gallery
        </h2>
        <p
          className="gallery-size"
          data-testid="celebrity-count"
          data-count={people === null ? undefined : count}
          data-photos={people === null ? undefined : photoCount}
          aria-live="polite"
        >
          {people === null
            ? 'Loading…'
            : count === 0
              ? 'Empty'
              : `${plural(count, 'celebrity', 'celebrities')} · ${plural(photoCount, 'photo')}`}
        </p>
      </div>
      {loadError && <Notice kind="error">The celebrity gallery could not be read: {loadError}</Notice>}
      {people !== null && count === 0 && !running && (
        <p className="muted" data-testid="celebrity-empty">
          Kept separately from the people you enroll for identification, and only on this device. Add a folder of celebrity photos: one
          sub-folder per person, or photos named after the person.
        </p>
      )}
      <FaceStrip people={people} />
      <FileDrop
        onFiles={importer.start}
        label={count === 0 ? 'Drop a folder of celebrity photos here' : 'Add more celebrity photos'}
        hint={NAMING_HINT}
        folders
        multiple
        disabled={!importer.canStart}
        testId="celebrity-drop"
      />
      {!importer.canStart && !running && <p className="muted small">Loading face models… you can add photos as soon as they are ready.</p>}
      <ImportStatus state={importer.state} onCancel={importer.cancel} onDismiss={importer.dismiss} />
      <div className="gallery-actions">
        <ClearCelebrities gallery={gallery} disabled={running} />
      </div>
    </section>
  );
}
