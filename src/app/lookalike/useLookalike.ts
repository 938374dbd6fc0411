/**
 * The selfie side of the lookalike screen: a dropped photo or a webcam frame goes to the worker
 * (largest face, aligned thumbnail, top 5 of the celebrity gallery with their thumbnails), and the
 * result is searched again whenever the celebrity gallery changes, so it never shows deleted people.
 */
import * as Comlink from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CandidateView, FaceResult, ImageAnalysis, ImageInput } from '../../worker/api.ts';
import type { PickedFile } from '../components/FileDrop.tsx';
import { splitImages } from '../components/FileDrop.tsx';
import { useEngine, useReadyEngine } from '../engine/EngineContext.tsx';
import { matchRequest, photoRequest } from '../engine/requests.ts';
import { errorMessage } from '../../core/text.ts';
import { useSettings } from '../settings/SettingsContext.tsx';

/** How many celebrities the screen ranks. */
export const LOOKALIKE_COUNT = 5;

export interface Selfie {
  readonly origin: 'photo' | 'camera';
  /** What is shown on screen: the photo file itself, or the captured webcam frame as a JPEG. */
  readonly image: Blob;
  /** The file name, or "Webcam selfie". */
  readonly label: string;
}

/** The analysed selfie: its size (face boxes are in its pixels) and the face the result is about. */
export interface SelfieFace {
  readonly width: number;
  readonly height: number;
  readonly face: FaceResult;
}

export type LookalikeState =
  | { readonly status: 'idle' }
  | { readonly status: 'analyzing'; readonly selfie: Selfie }
  | {
      readonly status: 'found';
      readonly selfie: Selfie;
      readonly analysis: SelfieFace;
      /** Best first; empty only when the gallery was emptied after the selfie. */
      readonly candidates: readonly CandidateView[];
      /** The celebrity gallery version these candidates were searched in. */
      readonly galleryVersion: number;
    }
  | {
      readonly status: 'problem';
      readonly selfie: Selfie | null;
      readonly tone: 'error' | 'warning';
      readonly message: string;
      /** The face that could not be used (turned too far), to show where it was. */
      readonly analysis: SelfieFace | null;
    };

/** The camera frame as a JPEG, for showing what was captured (the bitmap itself goes to the worker). */
async function frameJpeg(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw the camera frame');
  context.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the camera frame could not be saved'))), 'image/jpeg', 0.9),
  );
}

export interface Lookalike {
  readonly state: LookalikeState;
  /** False while the models load. */
  readonly ready: boolean;
  fromPhotos(files: readonly PickedFile[]): void;
  fromVideo(video: HTMLVideoElement): void;
}

export function useLookalike(): Lookalike {
  const readyApi = useReadyEngine();
  const { api, galleryVersion } = useEngine();
  const version = galleryVersion.celebrities;
  const { settings } = useSettings();
  const [state, setState] = useState<LookalikeState>({ status: 'idle' });
  /** Only the latest selfie's answer is shown; an older one that comes back late is dropped. */
  const latest = useRef(0);

  const run = useCallback(
    async (selfie: Selfie | null, input: () => Promise<{ selfie: Selfie; image: ImageInput }>) => {
      if (!readyApi) return;
      const id = ++latest.current;
      const searchedIn = version;
      const problem = (message: string, tone: 'error' | 'warning', shown: Selfie | null, analysis: SelfieFace | null = null) => {
        if (latest.current === id) setState({ status: 'problem', selfie: shown, tone, message, analysis });
      };
      if (selfie) setState({ status: 'analyzing', selfie });
      let current = selfie;
      let result: ImageAnalysis;
      try {
        const prepared = await input();
        current = prepared.selfie;
        if (latest.current !== id) return;
        if (!selfie) setState({ status: 'analyzing', selfie: current });
        const request = photoRequest(settings, {
          largestFaceOnly: true,
          thumbnails: true,
          match: matchRequest(settings, 'celebrities', LOOKALIKE_COUNT, true),
        });
        result = await readyApi.analyze(prepared.image, request);
      } catch (error) {
        if (current?.origin === 'camera') return problem(`The selfie could not be taken: ${errorMessage(error)}.`, 'error', current);
        // A photo the worker could not read would show as a broken image: show only the message.
        return problem(`This photo could not be used: ${errorMessage(error)}. Try a JPEG, PNG or WebP photo.`, 'error', null);
      }
      if (latest.current !== id || !current) return;
      const face = result.faces[0];
      if (!face) {
        return problem(
          'No face found. Use a photo where your face is clearly visible, well lit and facing the camera.',
          'warning',
          current,
        );
      }
      const analysis = { width: result.width, height: result.height, face };
      if (!face.embedding || !face.match) {
        const why = face.poseCheck.passed ? 'the face could not be measured' : face.poseCheck.reason;
        return problem(`Your face is turned too far (${why}). Look straight at the camera and try again.`, 'warning', current, analysis);
      }
      setState({ status: 'found', selfie: current, analysis, candidates: face.match.candidates, galleryVersion: searchedIn });
    },
    [readyApi, settings, version],
  );

  const fromPhotos = useCallback(
    (files: readonly PickedFile[]) => {
      const { images, skipped } = splitImages(files);
      const photo = images[0];
      if (!photo) {
        latest.current++;
        const name = skipped[0]?.file.name ?? 'That file';
        setState({
          status: 'problem',
          selfie: null,
          tone: 'error',
          message: `“${name}” is not a photo. Choose a JPEG, PNG or WebP image.`,
          analysis: null,
        });
        return;
      }
      const selfie: Selfie = { origin: 'photo', image: photo.file, label: photo.file.name };
      void run(selfie, async () => ({ selfie, image: { kind: 'blob', blob: photo.file } }));
    },
    [run],
  );

  const fromVideo = useCallback(
    (video: HTMLVideoElement) => {
      void run(null, async () => {
        if (video.readyState < 2 || video.videoWidth === 0) throw new Error('the camera has no picture yet');
        const bitmap = await createImageBitmap(video);
        const shown = await frameJpeg(bitmap);
        // The frame goes to the worker without a copy: the bitmap is unusable here afterwards.
        return {
          selfie: { origin: 'camera', image: shown, label: 'Webcam selfie' },
          image: Comlink.transfer({ kind: 'bitmap', bitmap }, [bitmap]),
        };
      });
    },
    [run],
  );

  // Celebrities added, renamed or deleted since the selfie: search its embedding again.
  useEffect(() => {
    if (state.status !== 'found' || state.galleryVersion === version || !api) return;
    const embedding = state.analysis.face.embedding;
    if (!embedding) return;
    const selfie = state.selfie;
    api.search(embedding, matchRequest(settings, 'celebrities', LOOKALIKE_COUNT, true)).then(
      (match) =>
        setState((s) =>
          s.status === 'found' && s.selfie === selfie ? { ...s, candidates: match.candidates, galleryVersion: version } : s,
        ),
      // Keep the previous ranking; the next gallery change tries again.
      () => undefined,
    );
  }, [state, version, api, settings]);

  return { state, ready: readyApi !== null, fromPhotos, fromVideo };
}
