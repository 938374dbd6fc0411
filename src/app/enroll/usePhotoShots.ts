/**
 * Enrolment from photos: each picked image is analysed in the worker (largest face, with embedding and
 * aligned thumbnail), one at a time in the order picked. A face that passes the quality gate becomes a
 * shot; any other photo is listed with the reason, and a face that only failed on quality (small,
 * blurry, dark) can still be added by hand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QualityIssueCode } from '../../core/pipeline/quality.ts';
import { splitImages, type PickedFile } from '../components/FileDrop.tsx';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { photoRequest } from '../engine/requests.ts';
import { errorMessage } from '../../core/text.ts';
import type { AppSettings } from '../settings/settings.ts';
import { judgeFaces, photoIssueText } from './gate.ts';
import { newShotId, suggestedName, type Shot } from './shots.ts';

export type PhotoStatus = 'waiting' | 'analysing' | 'added' | 'rejected';

export interface PhotoItem {
  readonly key: string;
  readonly path: string;
  readonly status: PhotoStatus;
  /** Why it was not added (rejected only). */
  readonly reasons: readonly string[];
  /** The shot it became (added only). */
  readonly shotId: string | null;
  /** A face that failed only on quality: the user may add it anyway. */
  readonly fallback: Shot | null;
}

export interface PhotoShots {
  readonly items: readonly PhotoItem[];
  /** Photos analysed in the current batch, and its size; null when idle. */
  readonly progress: { readonly done: number; readonly total: number } | null;
  addFiles(files: readonly PickedFile[]): void;
  addAnyway(key: string): void;
  clear(): void;
}

/** Issues a person can judge for themselves; no face, or a face turned away, has no usable embedding. */
const OVERRIDABLE: readonly QualityIssueCode[] = ['too-small', 'blurry', 'too-dark', 'too-bright'];

const fileKey = (f: PickedFile): string => `${f.path}:${f.file.size}:${f.file.lastModified}`;

export function usePhotoShots(
  api: EngineApi | null,
  settings: AppSettings,
  onShots: (shots: readonly Shot[]) => void,
  onName: (name: string) => void,
): PhotoShots {
  const [items, setItems] = useState<readonly PhotoItem[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  // Bumped by clear(): queued photos of an earlier batch are then dropped.
  const generation = useRef(0);
  const known = useRef(new Set<string>());
  const latest = useRef({ api, settings, onShots });
  useEffect(() => {
    latest.current = { api, settings, onShots };
  });

  const update = (key: string, change: Partial<PhotoItem>) =>
    setItems((previous) => previous.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const analyse = useCallback(async (key: string, picked: PickedFile, gen: number) => {
    if (gen !== generation.current) return;
    const { api: engine, settings: current, onShots: add } = latest.current;
    update(key, { status: 'analysing' });
    try {
      if (!engine) throw new Error('the face models are not loaded yet');
      const result = await engine.analyze(
        { kind: 'blob', blob: picked.file },
        photoRequest(current, { largestFaceOnly: true, thumbnails: true }),
      );
      if (gen !== generation.current) return;
      const verdict = judgeFaces(result.faces);
      const face = verdict.face === null ? undefined : result.faces[verdict.face];
      const shot: Shot | null = face?.embedding
        ? {
            id: newShotId(),
            origin: 'photo',
            source: picked.path,
            embedding: face.embedding,
            thumbnail: face.thumbnail,
            pose: face.pose,
            quality: face.quality,
          }
        : null;
      if (verdict.accepted && shot) {
        add([shot]);
        update(key, { status: 'added', shotId: shot.id });
      } else {
        const reasons = verdict.issues.map((issue) => photoIssueText(issue, face ?? null));
        const overridable = shot !== null && verdict.issues.every((i) => OVERRIDABLE.includes(i.code));
        update(key, {
          status: 'rejected',
          reasons: reasons.length > 0 ? reasons : ['The face could not be read.'],
          fallback: overridable ? shot : null,
        });
      }
    } catch (e) {
      if (gen !== generation.current) return;
      update(key, { status: 'rejected', reasons: [`Could not read this photo: ${errorMessage(e)}.`] });
    } finally {
      if (gen === generation.current) {
        setProgress((p) => (p === null || p.done + 1 >= p.total ? null : { done: p.done + 1, total: p.total }));
      }
    }
  }, []);

  const addFiles = useCallback(
    (files: readonly PickedFile[]) => {
      const fresh = files.filter((f) => !known.current.has(fileKey(f)));
      if (fresh.length === 0) return;
      fresh.forEach((f) => known.current.add(fileKey(f)));
      const { images, skipped } = splitImages(fresh);
      const skippedItems: PhotoItem[] = skipped.map((f) => ({
        key: fileKey(f),
        path: f.path,
        status: 'rejected',
        reasons: ['Not an image file (use JPEG, PNG, WebP or similar photos).'],
        shotId: null,
        fallback: null,
      }));
      const imageItems: PhotoItem[] = images.map((f) => ({
        key: fileKey(f),
        path: f.path,
        status: 'waiting',
        reasons: [],
        shotId: null,
        fallback: null,
      }));
      setItems((previous) => [...previous, ...imageItems, ...skippedItems]);
      const name = suggestedName(images.map((f) => f.path));
      if (name) onName(name);
      if (images.length === 0) return;
      setProgress((p) => ({ done: p?.done ?? 0, total: (p?.total ?? 0) + images.length }));
      const gen = generation.current;
      for (const f of images) queue.current = queue.current.then(() => analyse(fileKey(f), f, gen));
    },
    [analyse, onName],
  );

  const addAnyway = useCallback(
    (key: string) => {
      const item = items.find((i) => i.key === key);
      if (!item?.fallback) return;
      onShots([item.fallback]);
      update(key, { status: 'added', shotId: item.fallback.id, reasons: [], fallback: null });
    },
    [items, onShots],
  );

  const clear = useCallback(() => {
    generation.current += 1;
    known.current = new Set();
    setItems([]);
    setProgress(null);
  }, []);

  return { items, progress, addFiles, addAnyway, clear };
}
