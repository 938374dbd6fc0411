/** Export, import and "Delete everyone" for one gallery: the People screen's toolbar actions. */
import { useCallback, useEffect, useState } from 'react';
import { checkGalleryFileSize, GalleryFormatError } from '../../core/formats/galleryFile.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { errorMessage, plural } from '../../core/text.ts';
import type { GalleryKind, PersonSummary } from '../../worker/api.ts';
import { exportFileName, GALLERY_COPY, importErrorText, importSummaryText, interruptedImportText } from './galleryText.ts';
import type { Report } from './flash.ts';
import type { UndoState } from './useUndo.ts';
import { recordGalleryExport } from '../storage/backupLedger.ts';

export type FileTask = 'export' | 'import' | 'clear';

/** The file being imported, kept in this tab's sessionStorage while it runs: it survives a reload, so the next load can say the import was cut short. */
const IMPORT_MARK = 'faceprint-import-running';

function markImport(fileName: string | null): void {
  try {
    if (fileName === null) sessionStorage.removeItem(IMPORT_MARK);
    else sessionStorage.setItem(IMPORT_MARK, fileName);
  } catch {
    // Storage disabled: only the note after a reload is lost.
  }
}

/** The file of an import a reload (or a crash) cut short, once; null when there was none. */
function takeInterruptedImport(): string | null {
  try {
    const fileName = sessionStorage.getItem(IMPORT_MARK);
    sessionStorage.removeItem(IMPORT_MARK);
    return fileName;
  } catch {
    return null;
  }
}

export interface GalleryFileActions {
  readonly task: FileTask | null;
  exportGallery(): Promise<void>;
  importFile(file: File): Promise<void>;
  clearGallery(): Promise<void>;
}

/** Starts a download of `text` through a temporary <a download> on a blob URL (no network involved). */
export function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useGalleryFile(
  api: EngineApi | null,
  kind: GalleryKind,
  people: readonly PersonSummary[] | null,
  report: Report,
  undo: UndoState,
): GalleryFileActions {
  const [task, setTask] = useState<FileTask | null>(null);
  const { offerUndo } = undo;

  useEffect(() => {
    const interrupted = takeInterruptedImport();
    if (interrupted !== null) report({ tone: 'info', text: interruptedImportText(interrupted) });
  }, [report]);

  const exportGallery = useCallback(async () => {
    if (!api) return;
    setTask('export');
    try {
      const fileName = exportFileName(kind);
      download(await api.exportGallery(kind), fileName);
      if (people) recordGalleryExport(kind, people);
      report({ tone: 'success', text: `Exported ${plural(people?.length ?? 0, 'person', 'people')} to ${fileName}.` });
    } catch (e) {
      report({ tone: 'error', text: `The gallery could not be exported: ${errorMessage(e)}` });
    } finally {
      setTask(null);
    }
  }, [api, kind, people, report]);

  const importFile = useCallback(
    async (file: File) => {
      if (!api) return;
      // From the size alone: a huge file is refused without being read into memory.
      try {
        checkGalleryFileSize(file.size);
      } catch (e) {
        if (!(e instanceof GalleryFormatError)) throw e;
        report({ tone: 'error', text: importErrorText(file.name, e.message) });
        return;
      }
      setTask('import');
      markImport(file.name);
      report({ tone: 'info', text: `Importing ${file.name}…` });
      try {
        let text: string;
        try {
          text = await file.text();
        } catch {
          report({ tone: 'error', text: `“${file.name}” could not be read: it may have been moved or deleted. Nothing was changed.` });
          return;
        }
        const summary = await api.importGallery(kind, text);
        report({ tone: 'success', text: importSummaryText(summary) });
      } catch (e) {
        report({ tone: 'error', text: importErrorText(file.name, errorMessage(e)) });
      } finally {
        markImport(null);
        setTask(null);
      }
    },
    [api, kind, report],
  );

  const clearGallery = useCallback(async () => {
    if (!api) return;
    setTask('clear');
    const count = people?.length ?? 0;
    try {
      // A copy in the file format makes "Delete everyone" undoable; without one the delete still goes ahead.
      const backup = await api.exportGallery(kind).catch(() => null);
      await api.clear(kind);
      const title = GALLERY_COPY[kind].title;
      if (backup) {
        offerUndo({
          message: `Deleted everyone in ${title} (${plural(count, 'person', 'people')}).`,
          undo: () => api.importGallery(kind, backup),
          undoneMessage: `${title} is back as it was.`,
        });
        report(null);
      } else {
        report({ tone: 'success', text: `Deleted everyone in ${title}.` });
      }
    } catch (e) {
      report({ tone: 'error', text: `The gallery could not be cleared: ${errorMessage(e)}` });
    } finally {
      setTask(null);
    }
  }, [api, kind, people, report, offerUndo]);

  return { task, exportGallery, importFile, clearGallery };
}
