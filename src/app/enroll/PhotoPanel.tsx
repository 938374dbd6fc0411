/** Enrolment from photos: the drop zone, progress, and every photo's outcome (added, or why not). */
import { plural } from '../../core/text.ts';
import { FileDrop } from '../components/FileDrop.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import type { PhotoItem, PhotoShots } from './usePhotoShots.ts';

/** Where a photo's shot is now: still waiting to be saved, saved to someone, or taken out by the user. */
export interface ShotWhereabouts {
  readonly shotIds: ReadonlySet<string>;
  /** Saved shots: shot id → the person they were saved to. */
  readonly savedTo: ReadonlyMap<string, string>;
}

function statusText(item: PhotoItem, where: ShotWhereabouts): string {
  switch (item.status) {
    case 'waiting':
      return 'Waiting…';
    case 'analysing':
      return 'Looking for a face…';
    case 'added': {
      if (item.shotId === null || where.shotIds.has(item.shotId)) return 'Added as a shot';
      const person = where.savedTo.get(item.shotId);
      return person === undefined ? 'Removed from the shots' : `Saved to ${person}`;
    }
    case 'rejected':
      return 'Not used';
  }
}

function PhotoRow({
  item,
  where,
  onAddAnyway,
}: {
  readonly item: PhotoItem;
  readonly where: ShotWhereabouts;
  readonly onAddAnyway: (key: string) => void;
}) {
  // A shot the user removed is no success: shown muted, not green.
  const removed = item.status === 'added' && item.shotId !== null && !where.shotIds.has(item.shotId) && !where.savedTo.has(item.shotId);
  return (
    <li
      className={`enroll-photo enroll-photo-${item.status}${removed ? ' enroll-photo-removed' : ''}`}
      data-testid="enroll-photo"
      data-status={item.status}
    >
      <div className="enroll-photo-head">
        <span className="enroll-photo-name" title={item.path}>
          {item.path}
        </span>
        <span className="enroll-photo-status" data-testid="enroll-photo-status">
          {statusText(item, where)}
        </span>
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

export function PhotoPanel({
  photos,
  ready,
  where,
}: {
  readonly photos: PhotoShots;
  readonly ready: boolean;
  readonly where: ShotWhereabouts;
}) {
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
        {progress && (
          <ProgressBar
            label="Analysing photos"
            value={progress.done}
            max={progress.total}
            detail={`${progress.done} of ${progress.total}`}
          />
        )}
        {!progress && items.length > 0 && (
          <p className="muted" data-testid="enroll-photo-summary">
            {added} of {plural(items.length, 'photo')} added{rejected > 0 ? `; ${rejected} not used (reasons below)` : ''}.
          </p>
        )}
      </div>
      {items.length > 0 && (
        <ul className="enroll-photos" aria-label="Photos" data-testid="enroll-photos">
          {items.map((item) => (
            <PhotoRow key={item.key} item={item} where={where} onAddAnyway={photos.addAnyway} />
          ))}
        </ul>
      )}
    </div>
  );
}
