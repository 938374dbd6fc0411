/**
 * The Compare screen's state: two photos, each analysed in the worker (again when the pose or flip
 * settings change), the face chosen on each side (the largest by default), and the verdict.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AnalyzeRequest, FaceResult, ImageAnalysis } from '../../worker/api.ts';
import { splitImages, type PickedFile } from '../components/FileDrop.tsx';
import { useReadyEngine, type EngineApi } from '../engine/EngineContext.tsx';
import { photoRequest } from '../engine/requests.ts';
import { errorMessage } from '../../core/text.ts';
import { useSettings } from '../settings/SettingsContext.tsx';
import { matchSettings, type AppSettings } from '../settings/settings.ts';
import { defaultFaceIndex, verdictOf, type Verdict } from './verdict.ts';

export type SideId = 'a' | 'b';
export const SIDE_NAME: Record<SideId, string> = { a: 'photo A', b: 'photo B' };

export interface CompareSide {
  readonly id: SideId;
  readonly picked: PickedFile | null;
  readonly status: 'empty' | 'analyzing' | 'ready' | 'error';
  /** Why the last pick cannot be used (not a photo, unreadable, an engine error). */
  readonly error: string | null;
  readonly analysis: ImageAnalysis | null;
  /** The face compared; -1 when the photo has none. */
  readonly selected: number;
  readonly face: FaceResult | null;
  pick(files: readonly PickedFile[]): void;
  select(index: number): void;
  clear(): void;
}

type Source = { readonly kind: 'file'; readonly picked: PickedFile } | { readonly kind: 'rejected'; readonly path: string } | null;

interface Outcome {
  readonly file: File;
  readonly request: AnalyzeRequest;
  readonly analysis: ImageAnalysis | null;
  readonly error: string | null;
}

const fileName = (path: string): string => path.replace(/^.*\//, '');
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Every face of the photo (so the user can choose), with embeddings and aligned thumbnails. Only the
 * settings that change the analysis go in, so moving the threshold does not re-run the models.
 */
function compareRequest(settings: AppSettings): AnalyzeRequest {
  return photoRequest(settings, { largestFaceOnly: false, thumbnails: true, match: null });
}

/** The same object for as long as the value is equal, so an effect keyed on it runs only on a real change. */
function useStableValue<T>(value: T): T {
  const [stable, setStable] = useState(value);
  const same = JSON.stringify(stable) === JSON.stringify(value);
  if (!same) setStable(value);
  return same ? stable : value;
}

function useCompareSide(id: SideId, api: EngineApi | null, request: AnalyzeRequest): CompareSide {
  const [source, setSource] = useState<Source>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [choice, setChoice] = useState<{ readonly analysis: ImageAnalysis; readonly index: number } | null>(null);
  const file = source?.kind === 'file' ? source.picked.file : null;

  useEffect(() => {
    if (!api || !file) return;
    let live = true;
    api.analyze({ kind: 'blob', blob: file }, request).then(
      (analysis) => live && setOutcome({ file, request, analysis, error: null }),
      (error: unknown) => live && setOutcome({ file, request, analysis: null, error: errorMessage(error).replace(/\.$/, '') }),
    );
    return () => {
      live = false;
    };
  }, [api, file, request]);

  const pick = useCallback((files: readonly PickedFile[]) => {
    const { images, skipped } = splitImages(files);
    const first = images[0];
    if (first) setSource({ kind: 'file', picked: first });
    else if (skipped[0]) setSource({ kind: 'rejected', path: skipped[0].path });
  }, []);
  const clear = useCallback(() => setSource(null), []);

  // A result belongs to the current file and request only; anything older is still "analysing".
  const current = outcome && file && outcome.file === file && outcome.request === request ? outcome : null;
  const analysis = current?.analysis ?? null;
  const selected = !analysis ? -1 : choice && choice.analysis === analysis ? choice.index : defaultFaceIndex(analysis.faces);
  const picked = source?.kind === 'file' ? source.picked : null;
  // A choice is remembered with the analysis it was made on: a new photo starts at its largest face.
  const select = useCallback((index: number) => analysis && setChoice({ analysis, index }), [analysis]);

  let status: CompareSide['status'] = 'empty';
  let error: string | null = null;
  if (source?.kind === 'rejected') {
    status = 'error';
    error = `“${fileName(source.path)}” is not a photo. Choose a JPEG, PNG, WebP, GIF, BMP or AVIF image.`;
  } else if (picked) {
    status = !current ? 'analyzing' : current.error ? 'error' : 'ready';
    if (current?.error) error = `“${fileName(picked.path)}” could not be read: ${current.error}.`;
  }

  return { id, picked, status, error, analysis, selected, face: analysis?.faces[selected] ?? null, pick, select, clear };
}

export type CompareOutcome =
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'problem'; readonly messages: readonly string[] }
  | { readonly kind: 'verdict'; readonly verdict: Verdict };

function problemOf(side: CompareSide): string | null {
  const name = SIDE_NAME[side.id];
  if (side.status === 'error') return `${capitalise(name)} can't be used (see above).`;
  if (!side.analysis) return null;
  if (side.analysis.faces.length === 0)
    return `No face was found in ${name}. Choose a photo where the face is clearly visible and not too small.`;
  const face = side.face;
  if (face && !face.poseCheck.passed) {
    return `The face in ${name} can't be compared: it is ${face.poseCheck.reason}. Choose a photo where the person looks towards the camera${
      side.analysis.faces.length > 1 ? ', or select another face' : ''
    }.`;
  }
  // Under the recognition floor a similarity would mean little: tiny or blurred faces look alike.
  if (face && !face.recognition.recognisable) {
    return `The face in ${name} can't be compared: it is ${face.recognition.reason}. Choose a photo where the face is larger and sharper${
      side.analysis.faces.length > 1 ? ', or select another face' : ''
    }.`;
  }
  if (face && !face.embedding) return `The face in ${name} could not be measured. Try another photo.`;
  return null;
}

function outcomeOf(a: CompareSide, b: CompareSide, settings: AppSettings): CompareOutcome {
  const problems = [problemOf(a), problemOf(b)].filter((p): p is string => p !== null);
  if (problems.length > 0) return { kind: 'problem', messages: problems };
  if (a.status === 'empty' && b.status === 'empty')
    return { kind: 'waiting', message: 'Add two photos to see whether they show the same person.' };
  if (a.status === 'empty' || b.status === 'empty')
    return { kind: 'waiting', message: `Add ${SIDE_NAME[a.status === 'empty' ? 'a' : 'b']} to compare.` };
  if (!a.face?.embedding || !b.face?.embedding) return { kind: 'waiting', message: 'Finding faces…' };
  return { kind: 'verdict', verdict: verdictOf(a.face.embedding, b.face.embedding, matchSettings(settings)) };
}

export function useCompare(): {
  readonly a: CompareSide;
  readonly b: CompareSide;
  readonly outcome: CompareOutcome;
  readonly ready: boolean;
  readonly settings: AppSettings;
} {
  const api = useReadyEngine();
  const { settings } = useSettings();
  const request = useStableValue(compareRequest(settings));
  const a = useCompareSide('a', api, request);
  const b = useCompareSide('b', api, request);
  return { a, b, outcome: outcomeOf(a, b, settings), ready: api !== null, settings };
}
