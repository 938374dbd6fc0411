/** Above the list: the name filter, and the gallery-file actions (export, import, delete everyone). */
import { useId, useState } from 'react';
import type { GalleryKind } from '../../worker/api.ts';
import { JsonFileButton } from '../components/JsonFileButton.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { plural } from '../../core/text.ts';
import { GALLERY_COPY } from './galleryText.ts';
import type { GalleryFileActions } from './useGalleryFile.ts';

export function GalleryToolbar({
  kind,
  personCount,
  sampleCount,
  ready,
  query,
  onQuery,
  file,
  showFilter,
}: {
  readonly kind: GalleryKind;
  readonly personCount: number;
  readonly sampleCount: number;
  readonly ready: boolean;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly file: GalleryFileActions;
  readonly showFilter: boolean;
}) {
  const filterId = useId();
  const [confirmingClear, setConfirmingClear] = useState(false);
  const busy = file.task !== null || !ready;
  const title = GALLERY_COPY[kind].title;

  return (
    <div className="gallery-toolbar">
      {showFilter && (
        <div className="gallery-filter">
          <label htmlFor={filterId} className="visually-hidden">
            Find a person by name
          </label>
          <input
            id={filterId}
            type="search"
            placeholder="Find by name"
            value={query}
            onChange={(event) => onQuery(event.target.value)}
            data-testid="people-filter"
            autoComplete="off"
          />
        </div>
      )}
      <div className="gallery-file-actions">
        <button type="button" onClick={() => void file.exportGallery()} disabled={busy || personCount === 0} data-testid="gallery-export">
          {file.task === 'export' ? 'Exporting…' : 'Export'}
        </button>
        <JsonFileButton disabled={busy} onFile={(chosen) => void file.importFile(chosen)} testId="gallery-import">
          {file.task === 'import' ? 'Importing…' : 'Import…'}
        </JsonFileButton>
        <button
          type="button"
          className="danger"
          onClick={() => setConfirmingClear(true)}
          disabled={busy || personCount === 0}
          data-testid="gallery-clear"
        >
          Delete everyone…
        </button>
      </div>
      {confirmingClear && (
        <ConfirmDialog
          title={`Delete everyone in ${title}?`}
          confirmLabel="Delete everyone"
          danger
          busy={file.task === 'clear'}
          testId="clear-dialog"
          onCancel={() => setConfirmingClear(false)}
          onConfirm={() => {
            void file.clearGallery().then(() => setConfirmingClear(false));
          }}
        >
          <p>
            This removes {plural(personCount, 'person', 'people')} and {plural(sampleCount, 'sample')} from this browser. You can undo it
            for a few seconds afterwards; to keep a copy for later, export the gallery first.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
