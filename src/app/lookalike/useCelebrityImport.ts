/**
 * Builds the celebrity gallery from picked photos: each photo's largest face is analysed and enrolled
 * on its own (one `enroll` per photo), so whatever was saved survives a reload or a cancel, and a
 * photo already saved under the same name and path is skipped when the same folder is dropped again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isSystemPath } from '../../core/formats/names.ts';
import type { PickedFile } from '../components/FileDrop.tsx';
import { splitImages } from '../components/FileDrop.tsx';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { useReadyEngine } from '../engine/EngineContext.tsx';
import { photoRequest } from '../engine/requests.ts';
import { errorMessage } from '../../core/text.ts';
import { useSettings } from '../settings/SettingsContext.tsx';
import { startWorkQueue, untilAborted } from '../workQueue.ts';
import { nameCelebrityPhotos, type NamedPhoto } from './celebrityNames.ts';

/**
 * Faces narrower than this give the embedder a few upsampled pixels: their embedding is mostly noise
 * and would turn up as everybody's lookalike.
 */
export const MIN_CELEBRITY_FACE_PX = 40;

export interface SkippedPhoto {
  readonly path: string;
  readonly reason: string;
}

export interface ImportProgress {
  readonly total: number;
  /** Photos handled so far (added, skipped or already saved). */
  readonly done: number;
  /** The photo being analysed now; null once finished. */
  readonly current: { readonly path: string; readonly name: string } | null;
  /** Photos enrolled by this import. */
  readonly added: number;
  /** Distinct celebrities with a photo from this import in the gallery (added now or by an earlier, interrupted import). */
  readonly celebrities: readonly string[];
  /** Photos already in the gallery under the same name and path (an earlier, interrupted import). */
  readonly alreadySaved: number;
  readonly skipped: readonly SkippedPhoto[];
}

export type ImportOutcome = 'complete' | 'cancelled' | 'engine-restarted' | 'failed';

export type ImportState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly progress: ImportProgress }
  | { readonly status: 'finished'; readonly progress: ImportProgress; readonly outcome: ImportOutcome; readonly error: string | null };

/** Thrown into the running loop by cancel, an engine restart or leaving the screen. */
class ImportStopped extends Error {
  constructor(readonly outcome: 'cancelled' | 'engine-restarted' | 'unmounted') {
    super(outcome);
  }
}

interface Session {
  readonly api: EngineApi;
  stop(outcome: ImportStopped['outcome']): void;
}

const nameKey = (name: string): string => name.trim().toLowerCase();
const savedKey = (name: string, source: string): string => `${nameKey(name)}\n${source}`;

/** The (name, source) pairs already in the gallery for the names this import will add to. */
async function savedSamples(api: EngineApi, photos: readonly NamedPhoto[]): Promise<Set<string>> {
  const wanted = new Set(photos.map((p) => nameKey(p.name)));
  const saved = new Set<string>();
  for (const person of await api.listPeople('celebrities')) {
    if (!wanted.has(nameKey(person.name))) continue;
    for (const sample of await api.listSamples(person.id)) saved.add(savedKey(person.name, sample.source));
  }
  return saved;
}

export interface CelebrityImport {
  readonly state: ImportState;
  /** False while the models load (or an import is running). */
  readonly canStart: boolean;
  start(files: readonly PickedFile[]): void;
  cancel(): void;
  /** Hides the finished import's summary. */
  dismiss(): void;
}

export function useCelebrityImport(): CelebrityImport {
  const api = useReadyEngine();
  const { settings } = useSettings();
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const session = useRef<Session | null>(null);

  // A backend change restarts the worker: its pending calls never answer, so the import stops here.
  useEffect(() => {
    const running = session.current;
    if (running && running.api !== api) running.stop('engine-restarted');
  }, [api]);

  useEffect(() => () => session.current?.stop('unmounted'), []);

  const running = state.status === 'running';
  // Leaving the page mid-import loses only the photo in progress, but say so first.
  useEffect(() => {
    if (!running) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [running]);

  const start = useCallback(
    (picked: readonly PickedFile[]) => {
      if (!api || session.current) return;
      const { images, skipped: notImages } = splitImages(picked.filter((f) => !isSystemPath(f.path)));
      const photos = nameCelebrityPhotos(images);
      const request = photoRequest(settings, { largestFaceOnly: true, thumbnails: true });

      // Any stop aborts `stopped`: no further photo is started and an analysis under way is dropped,
      // but Cancel lets a save in progress finish, so the summary counts exactly what is in the gallery.
      // A restarted engine or leaving the screen also aborts `lost`, abandoning every call, since those
      // calls will never answer. The first stop's reason is the outcome.
      const stopped = new AbortController();
      const lost = new AbortController();
      const stop = (outcome: ImportStopped['outcome']) => {
        const reason = new ImportStopped(outcome);
        stopped.abort(reason);
        if (outcome !== 'cancelled') lost.abort(reason);
      };
      const analysisOrStop = <T>(call: Promise<T>): Promise<T> => untilAborted(call, stopped.signal);
      const callOrLost = <T>(call: Promise<T>): Promise<T> => untilAborted(call, lost.signal);
      session.current = { api, stop };

      const skipped: SkippedPhoto[] = notImages.map((f) => ({ path: f.path, reason: 'Not a photo (only image files can be added)' }));
      const celebrities = new Map<string, string>();
      let added = 0;
      let alreadySaved = 0;
      let done = 0;
      const progress = (current: NamedPhoto | null): ImportProgress => ({
        total: photos.length,
        done,
        current: current && { path: current.path, name: current.name },
        added,
        celebrities: [...celebrities.values()],
        alreadySaved,
        skipped: [...skipped],
      });
      const skip = (photo: NamedPhoto, reason: string): void => {
        skipped.push({ path: photo.path, reason });
      };

      const addOne = async (photo: NamedPhoto, saved: ReadonlySet<string>): Promise<void> => {
        if (saved.has(savedKey(photo.name, photo.path))) {
          alreadySaved++;
          celebrities.set(nameKey(photo.name), photo.name);
          return;
        }
        let analysis;
        try {
          analysis = await analysisOrStop(api.analyze({ kind: 'blob', blob: photo.file }, request));
        } catch (error) {
          if (error instanceof ImportStopped) throw error;
          return skip(photo, `Could not use this photo: ${errorMessage(error)}`);
        }
        const face = analysis.faces[0];
        if (!face) return skip(photo, 'No face found');
        if (!face.embedding) {
          return skip(photo, face.poseCheck.passed ? 'The face could not be measured' : `Face turned away: ${face.poseCheck.reason}`);
        }
        if (face.quality.faceSize < MIN_CELEBRITY_FACE_PX) {
          return skip(
            photo,
            `Face too small (${Math.round(face.quality.faceSize)} px wide, need ${MIN_CELEBRITY_FACE_PX}): use a larger photo`,
          );
        }
        try {
          const person = await callOrLost(
            api.enroll('celebrities', photo.name, [
              { embedding: face.embedding, thumbnail: face.thumbnail, source: photo.path, pose: face.pose },
            ]),
          );
          added++;
          celebrities.set(nameKey(person.name), person.name);
        } catch (error) {
          if (error instanceof ImportStopped) throw error;
          skip(photo, `Could not save it: ${errorMessage(error)}`);
        }
      };

      const run = async (): Promise<void> => {
        let outcome: ImportOutcome = 'complete';
        let failure: string | null = null;
        try {
          const saved = await analysisOrStop(savedSamples(api, photos));
          const queue = startWorkQueue(photos, (photo) => addOne(photo, saved), {
            signal: stopped.signal,
            onProgress: (p) => {
              done = p.done;
              if (p.current) setState({ status: 'running', progress: progress(p.current) });
            },
          });
          const { status } = await queue.finished;
          if (status === 'cancelled') throw stopped.signal.reason;
        } catch (error) {
          if (error instanceof ImportStopped) {
            if (error.outcome === 'unmounted') return;
            outcome = error.outcome;
          } else {
            outcome = 'failed';
            failure = errorMessage(error);
          }
        } finally {
          session.current = null;
        }
        setState({ status: 'finished', progress: progress(null), outcome, error: failure });
      };

      setState({ status: 'running', progress: progress(photos[0] ?? null) });
      void run();
    },
    [api, settings],
  );

  const cancel = useCallback(() => session.current?.stop('cancelled'), []);
  const dismiss = useCallback(() => setState((s) => (s.status === 'running' ? s : { status: 'idle' })), []);

  return { state, canStart: api !== null && !running, start, cancel, dismiss };
}
