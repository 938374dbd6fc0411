/**
 * The Identify screen's batch: photos are queued and sent to the worker one at a time (its models run
 * one call at a time anyway, and one at a time lets Cancel stop after the current photo). Results are
 * appended in the order the photos were picked; a file that fails gets its own entry and the batch
 * goes on. Files picked while a batch runs join its queue.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isImageDecodeError } from '../../core/formats/imageLimits.ts';
import { isSystemPath } from '../../core/formats/names.ts';
import { errorMessage } from '../../core/text.ts';
import { useLatest } from '../components/useLatest.ts';
import type { ImageAnalysis } from '../../worker/api.ts';
import { splitImages, type PickedFile } from '../components/FileDrop.tsx';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { matchRequest, photoRequest } from '../engine/requests.ts';
import type { AppSettings } from '../settings/settings.ts';
import { startWorkQueue, untilAborted, type WorkQueue } from '../workQueue.ts';

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

/** Left out by its name (notes.txt, report.pdf): not sent to the worker at all. */
export function notAPhoto(path: string): string {
  const extension = /\.([^./]{1,8})$/.exec(path)?.[1];
  return `This is not a photo${extension ? ` (a .${extension.toLowerCase()} file)` : ''}. Faceprint reads JPEG, PNG, WebP, GIF, BMP and AVIF images.`;
}

/** The worker's decode errors (ImageDecodeError) say what is wrong with the file; anything else is the engine's. */
export function failureText(error: unknown): string {
  const text = errorMessage(error).replace(/\.$/, '');
  return isImageDecodeError(error) ? `This file could not be read: ${text}.` : `This photo could not be analysed: ${text}.`;
}

/** The batch under way: its queue, and the controller that Cancel, Clear and leaving the screen abort. */
interface RunningBatch {
  readonly queue: WorkQueue<PickedFile>;
  readonly controller: AbortController;
}

export function useIdentifyBatch(api: EngineApi | null, settings: AppSettings): IdentifyBatch {
  const [entries, setEntries] = useState<readonly IdentifyEntry[]>([]);
  const [progress, setProgress] = useState<BatchProgress | null>(null);

  // Each photo reads the latest engine and settings: a settings change applies to the next one.
  const apiRef = useLatest(api);
  const settingsRef = useLatest(settings);

  // A call to a worker that was stopped (engine crash, restart) would never settle: when the engine
  // goes away, the photo under way fails instead and the batch moves on.
  const engineLost = useRef(new AbortController());
  useEffect(() => {
    engineLost.current.abort(new Error('the face engine stopped while analysing it'));
    engineLost.current = new AbortController();
  }, [api]);

  /** Cleared by Clear and unmount: a batch that is no longer this one has its photos' results dropped. */
  const batch = useRef<RunningBatch | null>(null);
  const nextId = useRef(1);

  // Leaving the screen drops the queue, and the photo under way is ignored when it finishes.
  useEffect(() => {
    const running = batch;
    return () => {
      running.current?.controller.abort();
      running.current = null;
    };
  }, []);

  const identify = useCallback(
    async (picked: PickedFile): Promise<IdentifyEntry> => {
      const engine = apiRef.current;
      const current = settingsRef.current;
      try {
        if (!engine) throw new Error('the face models are not loaded');
        const request = photoRequest(current, { thumbnails: true, match: matchRequest(current, 'people', 3), guessFiltered: true });
        const analysis = await untilAborted(engine.analyze({ kind: 'blob', blob: picked.file }, request), engineLost.current.signal);
        return {
          kind: 'photo',
          id: nextId.current++,
          path: picked.path,
          file: picked.file,
          analysis: { ...analysis, faces: analysis.faces.map((f) => ({ ...f, embedding: null })) },
        };
      } catch (error) {
        return { kind: 'failed', id: nextId.current++, path: picked.path, message: failureText(error) };
      }
    },
    [apiRef, settingsRef],
  );

  const add = useCallback(
    (files: readonly PickedFile[]) => {
      const { images, skipped } = splitImages(files.filter((f) => !isSystemPath(f.path)));
      const rejected: IdentifyEntry[] = skipped.map((f) => ({
        kind: 'failed',
        id: nextId.current++,
        path: f.path,
        message: notAPhoto(f.path),
      }));
      if (rejected.length > 0) setEntries((list) => [...list, ...rejected]);
      if (images.length === 0) return;
      // Photos added to a running batch join its queue and raise its total; a new batch starts its count at 0.
      if (batch.current?.queue.add(images)) return;
      setProgress({ state: 'running', done: 0, total: images.length, current: null, cancelling: false, notAnalysed: 0 });
      const controller = new AbortController();
      const isCurrent = (): boolean => batch.current?.controller === controller;
      // Cancel lets the photo under way finish (its result is shown); only the photos still waiting are dropped.
      const queue = startWorkQueue(
        images,
        async (picked) => {
          const entry = await identify(picked);
          if (isCurrent()) setEntries((list) => [...list, entry]);
        },
        {
          signal: controller.signal,
          onProgress: ({ done, total, current }) => {
            if (isCurrent()) setProgress((p) => p && { ...p, done, total, current: current?.path ?? null });
          },
        },
      );
      batch.current = { queue, controller };
      void queue.finished.then(({ status, left }) => {
        if (!isCurrent()) return;
        batch.current = null;
        setProgress(
          (p) =>
            p &&
            (status === 'cancelled'
              ? { ...p, state: 'cancelled', cancelling: false, notAnalysed: left }
              : { ...p, state: 'done', current: null, cancelling: false }),
        );
      });
    },
    [identify],
  );

  const cancel = useCallback(() => {
    if (!batch.current) return;
    batch.current.controller.abort();
    setProgress((p) => p && { ...p, cancelling: true });
  }, []);

  const clear = useCallback(() => {
    // Drops whatever is queued or under way too; a new batch can start at once.
    batch.current?.controller.abort();
    batch.current = null;
    setEntries([]);
    setProgress(null);
  }, []);

  return { entries, progress, add, cancel, clear };
}
