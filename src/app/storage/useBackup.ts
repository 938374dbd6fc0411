/**
 * "Back up everything" and its restore: both galleries and the settings as one file (core/formats/
 * backupFile.ts), the galleries' current sizes, and whether a reminder to back up is due.
 */
import { useCallback, useEffect, useState } from 'react';
import { BACKUP_GALLERIES, checkBackupFileSize, parseBackup, serializeBackup } from '../../core/formats/backupFile.ts';
import { GalleryFormatError, serializeGallery } from '../../core/formats/galleryFile.ts';
import { errorMessage, plural } from '../../core/text.ts';
import { useEngine } from '../engine/EngineContext.tsx';
import { GALLERY_COPY } from '../people/galleryText.ts';
import { download } from '../people/useGalleryFile.ts';
import { useSettings } from '../settings/SettingsContext.tsx';
import { parseSettings } from '../settings/settings.ts';
import {
  countsOf,
  dueReminder,
  LEDGER_EVENT,
  loadLedger,
  recordBackup,
  recordDismissal,
  recordRestored,
  saveLedger,
  settle,
  type BackupLedger,
  type Counts,
  type GalleryCounts,
} from './backupLedger.ts';

export interface BackupMessage {
  readonly tone: 'success' | 'error' | 'info';
  readonly text: string;
}

export interface BackupState {
  /** Both galleries' sizes; null until read. */
  readonly counts: GalleryCounts | null;
  /** What was added since the last backup, when a reminder is due. */
  readonly due: Counts | null;
  readonly task: 'backup' | 'restore' | null;
  readonly message: BackupMessage | null;
  backUp(): Promise<void>;
  restore(file: File): Promise<void>;
  dismiss(): void;
}

/** `faceprint-backup-2025-03-14.json`, in the local date. */
export function backupFileName(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `faceprint-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

const restoreRefused = (fileName: string, reason: string): string =>
  `“${fileName}” was not restored: ${reason.replace(/\.$/, '')}. Nothing was changed.`;

export function useBackup(): BackupState {
  const { api, galleryVersion } = useEngine();
  const { settings, update } = useSettings();
  const [counts, setCounts] = useState<GalleryCounts | null>(null);
  const [ledger, setLedger] = useState<BackupLedger>(loadLedger);
  const [task, setTask] = useState<BackupState['task']>(null);
  const [message, setMessage] = useState<BackupMessage | null>(null);

  useEffect(() => {
    const reload = () => setLedger(loadLedger());
    window.addEventListener(LEDGER_EVENT, reload);
    window.addEventListener('storage', reload);
    return () => {
      window.removeEventListener(LEDGER_EVENT, reload);
      window.removeEventListener('storage', reload);
    };
  }, []);

  // Sizes read again whenever a gallery changes (here or in another tab).
  useEffect(() => {
    if (!api) return;
    let live = true;
    void Promise.all([api.listPeople('people'), api.listPeople('celebrities')])
      .then(([people, celebrities]) => {
        if (!live) return;
        const now = { people: countsOf(people), celebrities: countsOf(celebrities) };
        setCounts(now);
        // A gallery that shrank brings its marks down, stored at once: what is added after a delete counts.
        const stored = loadLedger();
        const settled = settle(stored, now);
        if (JSON.stringify(settled) !== JSON.stringify(stored)) saveLedger(settled);
      })
      .catch(() => undefined); // No gallery (storage blocked): no reminder either.
    return () => {
      live = false;
    };
  }, [api, galleryVersion]);

  const change = useCallback((next: BackupLedger) => {
    saveLedger(next);
    setLedger(next);
  }, []);

  const backUp = useCallback(async () => {
    if (!api) return;
    setTask('backup');
    try {
      const [people, celebrities, peopleList, celebrityList] = await Promise.all([
        api.exportGallery('people'),
        api.exportGallery('celebrities'),
        api.listPeople('people'),
        api.listPeople('celebrities'),
      ]);
      const fileName = backupFileName();
      download(serializeBackup({ people, celebrities }, { ...settings }), fileName);
      const now = { people: countsOf(peopleList), celebrities: countsOf(celebrityList) };
      change(recordBackup(loadLedger(), BACKUP_GALLERIES, now));
      setMessage({
        tone: 'success',
        text: `Saved ${fileName}: ${plural(now.people.people, 'person', 'people')}, ${plural(now.celebrities.people, 'celebrity', 'celebrities')} and the settings.`,
      });
    } catch (e) {
      setMessage({ tone: 'error', text: `The backup could not be made: ${errorMessage(e)}` });
    } finally {
      setTask(null);
    }
  }, [api, settings, change]);

  const restore = useCallback(
    async (file: File) => {
      if (!api) return;
      let backup;
      try {
        checkBackupFileSize(file.size);
        backup = parseBackup(await file.text());
      } catch (e) {
        const reason = e instanceof GalleryFormatError ? e.message : 'it could not be read (moved or deleted?)';
        setMessage({ tone: 'error', text: restoreRefused(file.name, reason) });
        return;
      }
      setTask('restore');
      setMessage({ tone: 'info', text: `Restoring ${file.name}…` });
      // Gallery by gallery, each all or nothing; an import only adds, so a failure loses nothing.
      const done: string[] = [];
      try {
        for (const kind of BACKUP_GALLERIES) {
          const summary = await api.importGallery(kind, serializeGallery(backup.galleries[kind]));
          change(recordRestored(loadLedger(), kind, { people: summary.added, samples: summary.samples }));
          done.push(
            `${GALLERY_COPY[kind].title}: ${plural(summary.added, 'new person', 'new people')}, ${plural(summary.samples, 'sample')} added`,
          );
        }
      } catch (e) {
        const kept = done.length > 0 ? ` ${done.join('; ')}; the rest, and the settings, were not changed.` : ' Nothing was changed.';
        setMessage({
          tone: 'error',
          text: `“${file.name}” could not be restored completely: ${errorMessage(e).replace(/\.$/, '')}.${kept}`,
        });
        setTask(null);
        return;
      }
      // Stored settings are validated and clamped the same way as the browser's own.
      update(parseSettings(JSON.stringify(backup.settings)));
      setMessage({ tone: 'success', text: `Restored ${file.name}. ${done.join('; ')}. The settings are as they were in the backup.` });
      setTask(null);
    },
    [api, update, change],
  );

  const due = counts ? dueReminder(counts, settle(ledger, counts)) : null;
  const dismiss = useCallback(() => {
    if (counts) change(recordDismissal(settle(loadLedger(), counts), counts));
  }, [counts, change]);

  return { counts, due, task, message, backUp, restore, dismiss };
}
