/** Enrolment from photos: the drop zone, progress, and every photo's outcome (added, or why not). */
import { plural } from '../../core/text.ts';
import { FileDrop } from '../components/FileDrop.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import type { PhotoItem, PhotoShots } from './usePhotoShots.ts';

function statusText(item: PhotoItem, shotIds: ReadonlySet<string>): string {
  switch (item.status) {
    case 'waiting':
      return 'Waiting…';
    case 'analysing':
      return 'Looking for a face…';
    case 'added':
      return item.shotId && shotIds.has(item.shotId) ? 'Added as a shot' : 'Removed from the shots';
    case 'rejected':
      return 'Not used';
  }
}

function PhotoRow({ item, shotIds, onAddAnyway }: { readonly item: PhotoItem; readonly shotIds: ReadonlySet<string>; readonly onAddAnyway: (key: string) => void }) {
  return (
    <li className={`enroll-photo enroll-photo-${item.status}`} data-testid="enroll-photo" data-status={item.status}>
      <div className="enroll-photo-head">
        <span className="enroll-photo-name" title={item.path}>
          {item.path}
        </span>
        <span className="enroll-photo-status">{statusText(item, shotIds)}</span>
      </div>
      {item.reasons.length > 0 && (
        <ul className="enroll-photo-reasons" data-testid="enroll-photo-reasons">
          {item.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {item.fallback && (
        <button type="button" className="enroll-photo-anyway" onClick={() => onAddAnyway(item.key)} aria-label={`Use ${item.path} anyway`}>
          Use it anyway
        </button>
      )}
    </li>
  );
}

export function PhotoPanel({ photos, ready, shotIds }: { readonly photos: PhotoShots; readonly ready: boolean; readonly shotIds: ReadonlySet<string> }) {
  const { items, progress } = photos;
  const added = items.filter((i) => i.status === 'added').length;
  const rejected = items.filter((i) => i.status === 'rejected').length;
  return (
    <div className="stack">
      <FileDrop
        onFiles={photos.addFiles}
        label="Drop photos of one person here"
        hint="One face per photo is used: the largest. A folder named after the person fills in the name."
        folders
        disabled={!ready}
        testId="enroll-drop"
      />
      {!ready && <p className="muted">Loading face models… photos can be added once they are ready.</p>}
      <div aria-live="polite" className="enroll-photo-progress">
        {progress && <ProgressBar label="Analysing photos" value={progress.done} max={progress.total} detail={`${progress.done} of ${progress.total}`} />}
        {!progress && items.length > 0 && (
          <p className="muted" data-testid="enroll-photo-summary">
            {added} of {plural(items.length, 'photo')} added{rejected > 0 ? `; ${rejected} not used (reasons below)` : ''}.
          </p>
        )}
      </div>
      {items.length > 0 && (
        <ul className="enroll-photos" aria-label="Photos" data-testid="enroll-photos">
          {items.map((item) => (
            <PhotoRow key={item.key} item={item} shotIds={shotIds} onAddAnyway={photos.addAnyway} />
          ))}
        </ul>
      )}
    </div>
  );
}
