/** In Settings → Your data: one file with both galleries and the settings, and restoring from it. */
import { useRef } from 'react';
import { Notice } from '../components/Notice.tsx';
import { useBackup } from '../storage/useBackup.ts';

export function BackupEverything() {
  const { counts, task, message, backUp, restore } = useBackup();
  const input = useRef<HTMLInputElement>(null);
  const empty = counts !== null && counts.people.people + counts.celebrities.people === 0;
  return (
    <div className="backup-everything">
      <p className="setting-help">
        A backup is one file with both galleries and these settings. Restoring it adds what is missing; nothing here is deleted.
      </p>
      <div className="your-data-actions">
        <button
          type="button"
          onClick={() => void backUp()}
          disabled={task !== null || counts === null || empty}
          data-testid="backup-export"
        >
          {task === 'backup' ? 'Backing up…' : 'Back up everything'}
        </button>
        <button
          type="button"
          onClick={() => input.current?.click()}
          disabled={task !== null || counts === null}
          data-testid="backup-restore"
        >
          {task === 'restore' ? 'Restoring…' : 'Restore from a backup…'}
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="backup-restore-input"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            event.target.value = '';
            if (chosen) void restore(chosen);
          }}
        />
      </div>
      <div aria-live="polite">
        {message && (
          <Notice kind={message.tone} testId={`backup-${message.tone}`}>
            {message.text}
          </Notice>
        )}
      </div>
    </div>
  );
}
