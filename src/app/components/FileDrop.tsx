/**
 * Drop zone and pickers for photos: loose files, several files, or whole folders (drag and drop or
 * the folder picker). Every file is passed on with its relative path, so names can come from folders.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import { isImageFileName } from '../../core/formats/names.ts';

export interface PickedFile {
  readonly file: File;
  /** Path relative to the dropped/picked folder ("kit_harington/kit1.jpg"); the bare name for loose files. */
  readonly path: string;
}

/** Images to analyse, and what was left out because its name is not an image's. */
export function splitImages(files: readonly PickedFile[]): { images: PickedFile[]; skipped: PickedFile[] } {
  const images: PickedFile[] = [];
  const skipped: PickedFile[] = [];
  for (const f of files) (isImageFileName(f.file.name) || f.file.type.startsWith('image/') ? images : skipped).push(f);
  return { images, skipped };
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function filesOfEntry(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most 100 entries per call: read until it returns none.
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch) await filesOfEntry(child, out);
    }
  }
}

async function droppedFiles(event: DragEvent): Promise<PickedFile[]> {
  const items = [...event.dataTransfer.items].filter((i) => i.kind === 'file');
  const entries = items.map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.every((e) => e !== null)) {
    const out: PickedFile[] = [];
    for (const entry of entries) await filesOfEntry(entry, out);
    return out;
  }
  return [...event.dataTransfer.files].map((file) => ({ file, path: file.name }));
}

function pickedFiles(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

export function FileDrop({
  onFiles,
  label,
  hint,
  multiple = true,
  folders = false,
  disabled = false,
  testId,
}: {
  readonly onFiles: (files: PickedFile[]) => void;
  readonly label: string;
  readonly hint?: string;
  readonly multiple?: boolean;
  readonly folders?: boolean;
  readonly disabled?: boolean;
  readonly testId?: string;
}) {
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const hintId = useId();

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    void droppedFiles(event).then((files) => files.length > 0 && onFiles(multiple ? files : files.slice(0, 1)));
  };

  return (
    <div
      className={`drop${over ? ' drop-over' : ''}${disabled ? ' drop-disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid={testId}
    >
      <p className="drop-label">{label}</p>
      {hint && (
        <p className="drop-hint" id={hintId}>
          {hint}
        </p>
      )}
      <div className="drop-buttons">
        <button type="button" onClick={() => filesInput.current?.click()} disabled={disabled} aria-describedby={hint ? hintId : undefined}>
          {multiple ? 'Choose photos' : 'Choose a photo'}
        </button>
        {folders && (
          <button type="button" onClick={() => folderInput.current?.click()} disabled={disabled}>
            Choose a folder
          </button>
        )}
      </div>
      <input
        ref={filesInput}
        type="file"
        accept="image/*"
        multiple={multiple}
        hidden
        data-testid={testId ? `${testId}-files` : undefined}
        onChange={(e) => {
          const files = pickedFiles(e.currentTarget.files);
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      {folders && (
        <input
          ref={folderInput}
          type="file"
          hidden
          data-testid={testId ? `${testId}-folder` : undefined}
          // React does not know webkitdirectory; set as a plain attribute.
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            const files = pickedFiles(e.currentTarget.files);
            e.currentTarget.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      )}
    </div>
  );
}
