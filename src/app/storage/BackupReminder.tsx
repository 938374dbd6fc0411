/** On the People screen, after meaningful additions: a reminder to back up, with Back up now and Not now. */
import { useEffect, useRef } from 'react';
import { plural } from '../../core/text.ts';
import { Notice } from '../components/Notice.tsx';
import type { Counts } from './backupLedger.ts';
import { useBackup } from './useBackup.ts';
import './storage.css';

export function addedText({ people, samples }: Counts): string {
  if (people === 0) return plural(samples, 'sample');
  return samples > people ? `${plural(people, 'person', 'people')} (${plural(samples, 'sample')})` : plural(people, 'person', 'people');
}

export function BackupReminder() {
  const { due, task, message, backUp, dismiss } = useBackup();
  const result = useRef<HTMLDivElement>(null);
  // Once backed up the reminder's buttons are gone: focus goes to what happened.
  useEffect(() => {
    if (message && message.tone !== 'info') result.current?.focus();
  }, [message]);

  if (message && !due) {
    return (
      <div ref={result} tabIndex={-1} className="backup-reminder-result">
        <Notice kind={message.tone} testId="backup-reminder-result">
          {message.text}
        </Notice>
      </div>
    );
  }
  if (!due) return null;
  return (
    <section className="notice notice-info backup-reminder" aria-labelledby="backup-reminder-text" data-testid="backup-reminder">
      <p id="backup-reminder-text">
        You have added {addedText(due)} since your last backup. Browsers can clear a site&apos;s data; a backup file keeps both galleries
        and your settings safe.
      </p>
      {message?.tone === 'error' && <p role="alert">{message.text}</p>}
      <div className="backup-reminder-actions">
        <button type="button" onClick={() => void backUp()} disabled={task !== null} data-testid="backup-reminder-export">
          {task === 'backup' ? 'Exporting…' : 'Export a backup'}
        </button>
        <button type="button" onClick={dismiss} disabled={task !== null} data-testid="backup-reminder-dismiss">
          Not now
        </button>
      </div>
    </section>
  );
}
