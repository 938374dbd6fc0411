/**
 * The Identify screen's batch: photos are queued and sent to the worker one at a time (its models run
 * one call at a time anyway, and one at a time lets Cancel stop after the current photo). Results are
 * appended in the order the photos were picked; a file that fails gets its own entry and the batch
 * goes on. Files picked while a batch runs join its queue.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLatest } from '../components/useLatest.ts';
import type { ImageAnalysis } from '../../worker/api.ts';
import { splitImages, type PickedFile } from '../components/FileDrop.tsx';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { matchRequest, photoRequest } from '../engine/requests.ts';
import { errorMessage } from '../format.ts';
import type { AppSettings } from '../settings/settings.ts';

export interface IdentifiedPhoto {
  readonly kind: 'photo';
  readonly id: number;
  readonly path: string;
  readonly file: File;
  /** Embeddings dropped: only what is shown is kept, so a large batch stays light. */
  readonly analysis: ImageAnalysis;
}

export interface FailedFile {
  readonly kind: 'failed';
  readonly id: number;
  readonly path: string;
  readonly message: string;
}

export type IdentifyEntry = IdentifiedPhoto | FailedFile;

export interface BatchProgress {
  readonly state: 'running' | 'done' | 'cancelled';
  /** Photos finished (identified or failed) in this batch. */
  readonly done: number;
  readonly total: number;
  /** The file being analysed now. */
  readonly current: string | null;
  /** Cancel was pressed; the current photo is being finished. */
  readonly cancelling: boolean;
  /** Photos left unanalysed by Cancel. */
  readonly notAnalysed: number;
}

export interface IdentifyBatch {
  readonly entries: readonly IdentifyEntry[];
  readonly progress: BatchProgress | null;
  add(files: readonly PickedFile[]): void;
  cancel(): void;
  clear(): void;
}

/** System files a folder brings along (.DS_Store, macOS resource forks): not worth an error card. */
function isSystemFile(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db' || part === 'desktop.ini');
}

/** Left out by its name (notes.txt, report.pdf): not sent to the worker at all. */
function notAPhoto(path: string): string {
  const extension = /\.([^./]{1,8})$/.exec(path)?.[1];
  return `This is not a photo${extension ? ` (a .${extension.toLowerCase()} file)` : ''}. Faceprint reads JPEG, PNG, WebP, GIF, BMP and AVIF images.`;
}

/** The worker's decode errors (ImageDecodeError) say what is wrong with the file; anything else is the engine's. */
function failureText(error: unknown): string {
  const text = errorMessage(error).replace(/\.$/, '');
  return error instanceof Error && error.name === 'ImageDecodeError' ? `This file could not be read: ${text}.` : `This photo could not be analysed: ${text}.`;
}

export function useIdentifyBatch(api: EngineApi | null, settings: AppSettings): IdentifyBatch {
  const [entries, setEntries] = useState<readonly IdentifyEntry[]>([]);
  const [progress, setProgress] = useState<BatchProgress | null>(null);

  // The loop reads the latest engine and settings at each photo: a settings change applies to the next one.
  const apiRef = useLatest(api);
  const settingsRef = useLatest(settings);

  // A call to a worker that was stopped (engine crash, restart) would never settle: when the engine
  // goes away, the photo under way fails instead and the batch moves on.
  const abortInFlight = useRef<((reason: Error) => void) | null>(null);
  useEffect(() => {
    abortInFlight.current?.(new Error('the face engine stopped while analysing it'));
  }, [api]);

  const queue = useRef<PickedFile[]>([]);
  const loopRunning = useRef(false);
  const cancelRequested = useRef(false);
  /** Bumped by Clear and unmount: a photo that finishes for an older generation is dropped. */
  const generation = useRef(0);
  const nextId = useRef(1);

  // Leaving the screen drops the queue, and the photo under way is ignored when it finishes.
  useEffect(() => {
    const queued = queue.current;
    const counter = generation;
    return () => {
      counter.current++;
      queued.length = 0;
    };
  }, []);

  const runLoop = useCallback(async () => {
    if (loopRunning.current) return;
    loopRunning.current = true;
    const myGeneration = generation.current;
    try {
      for (let item = queue.current.shift(); item; item = queue.current.shift()) {
        const picked = item;
        setProgress((p) => p && { ...p, current: picked.path });
        const engine = apiRef.current;
        const current = settingsRef.current;
        let entry: IdentifyEntry;
        try {
          if (!engine) throw new Error('the face models are not loaded');
          const request = photoRequest(current, { thumbnails: true, match: matchRequest(current, 'people', 3), guessFiltered: true });
          const analysis = await new Promise<ImageAnalysis>((resolve, reject) => {
            abortInFlight.current = reject;
            engine.analyze({ kind: 'blob', blob: picked.file }, request).then(resolve, reject);
          }).finally(() => {
            abortInFlight.current = null;
          });
          entry = {
            kind: 'photo',
            id: nextId.current++,
            path: picked.path,
            file: picked.file,
            analysis: { ...analysis, faces: analysis.faces.map((f) => ({ ...f, embedding: null })) },
          };
        } catch (error) {
          entry = { kind: 'failed', id: nextId.current++, path: picked.path, message: failureText(error) };
        }
        if (generation.current !== myGeneration) return;
        setEntries((list) => [...list, entry]);
        setProgress((p) => p && { ...p, done: p.done + 1, current: null });
        if (cancelRequested.current && queue.current.length > 0) {
          const left = queue.current.length;
          queue.current.length = 0;
          setProgress((p) => p && { ...p, state: 'cancelled', cancelling: false, notAnalysed: left });
          return;
        }
      }
      setProgress((p) => p && { ...p, state: 'done', current: null, cancelling: false });
    } finally {
      if (generation.current === myGeneration) {
        loopRunning.current = false;
        cancelRequested.current = false;
      }
    }
  }, [apiRef, settingsRef]);

  const add = useCallback(
    (files: readonly PickedFile[]) => {
      const { images, skipped } = splitImages(files.filter((f) => !isSystemFile(f.path)));
      const rejected: IdentifyEntry[] = skipped.map((f) => ({ kind: 'failed', id: nextId.current++, path: f.path, message: notAPhoto(f.path) }));
      if (rejected.length > 0) setEntries((list) => [...list, ...rejected]);
      if (images.length === 0) return;
      queue.current.push(...images);
      // A new batch starts its count at 0; photos added to a running batch raise its total.
      setProgress((p) =>
        p && p.state === 'running'
          ? { ...p, total: p.total + images.length }
          : { state: 'running', done: 0, total: images.length, current: null, cancelling: false, notAnalysed: 0 },
      );
      void runLoop();
    },
    [runLoop],
  );

  const cancel = useCallback(() => {
    if (!loopRunning.current) return;
    cancelRequested.current = true;
    setProgress((p) => p && { ...p, cancelling: true });
  }, []);

  const clear = useCallback(() => {
    // Drops whatever is queued or under way too; a new batch can start at once.
    generation.current++;
    queue.current.length = 0;
    loopRunning.current = false;
    cancelRequested.current = false;
    setEntries([]);
    setProgress(null);
  }, []);

  return { entries, progress, add, cancel, clear };
}
