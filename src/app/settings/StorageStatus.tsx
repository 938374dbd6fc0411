/** In Settings → Your data: whether the browser keeps Faceprint's data for sure, and the space used. */
import { useCallback, useEffect, useState } from 'react';
import { bytesText } from '../../core/text.ts';
import { useEngine } from '../engine/EngineContext.tsx';
import { askPersistence, readStorageStatus, type StorageStatus as Status } from '../storage/persistence.ts';

export function StorageStatus() {
  const { galleryVersion } = useEngine();
  const [status, setStatus] = useState<Status | null>(null);
  const [asked, setAsked] = useState<'no' | 'asking' | 'refused'>('no');
  const refresh = useCallback(() => {
    void readStorageStatus().then(setStatus);
  }, []);
  // Read again after every gallery change: the space used moves with it.
  useEffect(refresh, [refresh, galleryVersion]);

  const askAgain = async () => {
    setAsked('asking');
    const granted = await askPersistence();
    setAsked(granted ? 'no' : 'refused');
    refresh();
  };

  if (!status) return null;
  const { persisted, usage, quota } = status;
  return (
    <div className="storage-status" data-testid="storage-status" data-persisted={String(persisted)}>
      <dl className="storage-facts">
        <dt>Kept for sure</dt>
        <dd data-testid="storage-persisted">
          {persisted === null ? 'This browser does not say' : persisted ? 'Yes: persistent storage' : 'No: best effort'}
        </dd>
        <dt>Space used</dt>
        <dd data-testid="storage-usage">
          {usage === null || quota === null ? 'This browser does not say' : `${bytesText(usage)} of ${bytesText(quota)} allowed`}
        </dd>
      </dl>
      <p className="setting-help">
        {persisted
          ? 'The browser has agreed to keep Faceprint’s data until you delete it: it will not clear it to free space.'
          : 'Browsers may delete the data of sites that do not have persistent storage when the disk runs low, and Safari does so after a few weeks without a visit. Export a backup to be safe.'}
      </p>
      {persisted === false && (
        <div className="your-data-actions">
          <button type="button" onClick={() => void askAgain()} disabled={asked === 'asking'} data-testid="storage-persist">
            Ask the browser to keep the data
          </button>
          <span className="muted" aria-live="polite" data-testid="storage-persist-answer">
            {asked === 'refused' &&
              'The browser said no. Browsers grant it to sites you use often, bookmark or install as an app; try again later.'}
          </span>
        </div>
      )}
    </div>
  );
}
