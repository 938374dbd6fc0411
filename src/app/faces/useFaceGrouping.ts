/**
 * The Faces screen's scan and grouping: photos are analysed one at a time through the work queue
 * (detect, pose filter, embed, thumbnail), every usable face is kept in the page, and when the queue
 * ends (or is cancelled) one `groupFaces` call in the worker groups them all, with faces of people
 * enrolled in the People gallery set under those people. Photos added later join the collection and
 * everything is grouped again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isSystemPath } from '../../core/formats/names.ts';
import { DEFAULT_CLUSTER_SETTINGS, type ClusterSettings } from '../../core/search/cluster.ts';
import { errorMessage } from '../../core/text.ts';
import type { GroupResult } from '../../worker/api.ts';
import { splitImages, type PickedFile } from '../components/FileDrop.tsx';
import { useLatest } from '../components/useLatest.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { photoRequest } from '../engine/requests.ts';
import { failureText, notAPhoto } from '../identify/useIdentifyBatch.ts';
import { matchSettings, type AppSettings } from '../settings/settings.ts';
import { startWorkQueue, untilAborted, type WorkQueue } from '../workQueue.ts';
import { faceQuality, toClusterFace, type FoundFace, type ScannedPhoto } from './foundFace.ts';

/** The grouping's parameters: the core's, at the user's match threshold. */
export function clusterSettings(settings: AppSettings): ClusterSettings {
  return { ...DEFAULT_CLUSTER_SETTINGS, match: matchSettings(settings) };
}

export interface ScanProgress {
  /** 'grouping': the photos are read and the worker is grouping their faces. */
  readonly state: 'running' | 'grouping' | 'done' | 'cancelled';
  readonly done: number;
  readonly total: number;
  readonly current: string | null;
  readonly cancelling: boolean;
  readonly notAnalysed: number;
}

export interface Grouped {
  /** Increases with every grouping: a new grouping starts the user's edits afresh. */
  readonly id: number;
  readonly result: GroupResult;
  readonly faces: ReadonlyMap<string, FoundFace>;
  readonly settings: ClusterSettings;
  /** Set when the People gallery could not be read and faces were grouped without it. */
  readonly galleryProblem: string | null;
}

export interface ScanCounts {
  readonly photos: number;
  /** Faces with an embedding, to be grouped. */
  readonly faces: number;
  /** Faces the pose filter dropped: not grouped. */
  readonly turned: number;
}

export interface FaceGrouping {
  readonly progress: ScanProgress | null;
  readonly counts: ScanCounts;
  readonly failed: readonly { readonly path: string; readonly message: string }[];
  readonly grouped: Grouped | null;
  readonly groupError: string | null;
  add(files: readonly PickedFile[]): void;
  cancel(): void;
  /** Groups the faces found again (after a settings change). */
  regroup(): void;
  clear(): void;
}

const NO_COUNTS: ScanCounts = { photos: 0, faces: 0, turned: 0 };

interface RunningScan {
  readonly queue: WorkQueue<PickedFile>;
  readonly controller: AbortController;
}

export function useFaceGrouping(api: EngineApi | null, settings: AppSettings): FaceGrouping {
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [counts, setCounts] = useState<ScanCounts>(NO_COUNTS);
  const [failed, setFailed] = useState<readonly { path: string; message: string }[]>([]);
  const [grouped, setGrouped] = useState<Grouped | null>(null);
  const [groupError, setGroupError] = useState<string | null>(null);
  const apiRef = useLatest(api);
  const settingsRef = useLatest(settings);

  // Faces live in a ref while the scan runs (thousands of them: no copy per photo); state gets them
  // once grouped.
  const faces = useRef(new Map<string, FoundFace>());
  const nextPhotoId = useRef(1);
  const nextGroupingId = useRef(1);
  const scan = useRef<RunningScan | null>(null);
  // Bumped by Clear and unmount: a grouping or photo from before is dropped when it comes back.
  const generation = useRef(0);

  // A call to a stopped worker never settles: when the engine goes away, the call under way fails.
  const engineLost = useRef(new AbortController());
  useEffect(() => {
    engineLost.current.abort(new Error('the face engine stopped'));
    engineLost.current = new AbortController();
  }, [api]);

  useEffect(() => {
    const running = scan;
    const gen = generation;
    return () => {
      running.current?.controller.abort();
      running.current = null;
      gen.current++;
    };
  }, []);

  const analysePhoto = useCallback(
    async (picked: PickedFile, gen: number): Promise<void> => {
      const engine = apiRef.current;
      try {
        if (!engine) throw new Error('the face models are not loaded');
        // Every face counts here, whatever the largest-face setting: the point is everyone in the photos.
        const request = photoRequest(settingsRef.current, { largestFaceOnly: false, thumbnails: true, match: null });
        const analysis = await untilAborted(engine.analyze({ kind: 'blob', blob: picked.file }, request), engineLost.current.signal);
        if (gen !== generation.current) return;
        const photo: ScannedPhoto = {
          id: nextPhotoId.current++,
          path: picked.path,
          file: picked.file,
          width: analysis.width,
          height: analysis.height,
        };
        let turned = 0;
        let kept = 0;
        analysis.faces.forEach((f, index) => {
          if (!f.embedding || !f.poseCheck.passed) {
            turned++;
            return;
          }
          const id = `${photo.id}#${index}`;
          faces.current.set(id, {
            id,
            photo,
            index,
            box: f.box,
            thumbnail: f.thumbnail,
            embedding: f.embedding,
            pose: f.pose,
            quality: faceQuality(f),
            boxWidth: f.box.x2 - f.box.x1,
          });
          kept++;
        });
        setCounts((c) => ({ photos: c.photos + 1, faces: c.faces + kept, turned: c.turned + turned }));
      } catch (error) {
        if (gen === generation.current) setFailed((list) => [...list, { path: picked.path, message: failureText(error) }]);
      }
    },
    [apiRef, settingsRef],
  );

  const group = useCallback(async (): Promise<void> => {
    const gen = generation.current;
    const engine = apiRef.current;
    const found = new Map(faces.current);
    const used = clusterSettings(settingsRef.current);
    setGroupError(null);
    setProgress((p) => p && { ...p, state: 'grouping', current: null, cancelling: false });
    const input = [...found.values()].map(toClusterFace);
    const run = (gallery: 'people' | null): Promise<GroupResult> => {
      if (!engine) return Promise.reject(new Error('the face models are not loaded'));
      return untilAborted(engine.groupFaces({ faces: input, gallery, settings: used }), engineLost.current.signal);
    };
    let galleryProblem: string | null = null;
    let result: GroupResult;
    try {
      try {
        result = await run('people');
      } catch (error) {
        // The gallery may be unreadable (site data blocked): group without it rather than not at all.
        galleryProblem = errorMessage(error);
        result = await run(null);
      }
    } catch (error) {
      if (gen === generation.current) setGroupError(`The faces could not be grouped: ${errorMessage(error)}`);
      return;
    } finally {
      if (gen === generation.current) setProgress((p) => p && { ...p, state: p.notAnalysed > 0 ? 'cancelled' : 'done' });
    }
    if (gen !== generation.current) return;
    setGrouped({ id: nextGroupingId.current++, result, faces: found, settings: used, galleryProblem });
  }, [apiRef, settingsRef]);

  const add = useCallback(
    (files: readonly PickedFile[]) => {
      const { images, skipped } = splitImages(files.filter((f) => !isSystemPath(f.path)));
      if (skipped.length > 0) setFailed((list) => [...list, ...skipped.map((f) => ({ path: f.path, message: notAPhoto(f.path) }))]);
      if (images.length === 0) return;
      if (scan.current?.queue.add(images)) return;
      const gen = generation.current;
      setProgress({ state: 'running', done: 0, total: images.length, current: null, cancelling: false, notAnalysed: 0 });
      const controller = new AbortController();
      const isCurrent = (): boolean => scan.current?.controller === controller;
      const queue = startWorkQueue(images, (picked) => analysePhoto(picked, gen), {
        signal: controller.signal,
        onProgress: ({ done, total, current }) => {
          if (isCurrent()) setProgress((p) => p && { ...p, done, total, current: current?.path ?? null });
        },
      });
      scan.current = { queue, controller };
      void queue.finished.then(({ left }) => {
        if (!isCurrent()) return;
        scan.current = null;
        // Cancel still groups the faces found so far.
        setProgress((p) => p && { ...p, notAnalysed: left });
        void group();
      });
    },
    [analysePhoto, group],
  );

  const cancel = useCallback(() => {
    if (!scan.current) return;
    scan.current.controller.abort();
    setProgress((p) => p && { ...p, cancelling: true });
  }, []);

  const regroup = useCallback(() => {
    if (scan.current || faces.current.size === 0) return;
    setProgress((p) => p && { ...p, state: 'grouping' });
    void group();
  }, [group]);

  const clear = useCallback(() => {
    scan.current?.controller.abort();
    scan.current = null;
    generation.current++;
    faces.current = new Map();
    setProgress(null);
    setCounts(NO_COUNTS);
    setFailed([]);
    setGrouped(null);
    setGroupError(null);
  }, []);

  return { progress, counts, failed, grouped, groupError, add, cancel, regroup, clear };
}
