/** In Settings → Your data: one file with both galleries and the settings, and restoring from it. */
import { JsonFileButton } from '../components/JsonFileButton.tsx';
import { Notice } from '../components/Notice.tsx';
import { useBackup } from '../storage/useBackup.ts';

export function BackupEverything() {
  const { counts, task, message, backUp, restore } = useBackup();
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
        <JsonFileButton disabled={task !== null || counts === null} onFile={(file) => void restore(file)} testId="backup-restore">
          {task === 'restore' ? 'Restoring…' : 'Restore from a backup…'}
        </JsonFileButton>
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
