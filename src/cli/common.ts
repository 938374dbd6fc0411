/** What the CLI commands share: options, loading images, JSON shapes of faces, output. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DETECT_DEFAULTS, type Box } from '../core/pipeline/detect.ts';
import type { RgbImage } from '../core/pipeline/image.ts';
import { DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../core/search/match.ts';
import { isImageFileName, isSystemPath } from '../core/formats/names.ts';
import { analyze, type AnalyzeOptions, type AnalyzedFace } from '../core/pipeline/pipeline.ts';
import { DEFAULT_POSE_LIMITS, type HeadPose } from '../core/pipeline/pose.ts';
import { errorMessage } from '../core/text.ts';
import { readImageFile } from './decode.ts';
import { loadNodeModels } from './models.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A command's result: one JSON document (with --json) or the readable lines, and the exit code. */
export interface CommandResult {
  readonly json: unknown;
  readonly text: readonly string[];
  readonly exitCode: number;
}

export interface CommonOptions {
  readonly json: boolean;
  readonly flip: boolean;
  readonly match: MatchSettings;
  readonly detectThreshold: number;
  readonly maxYaw: number;
  readonly maxPitch: number;
  readonly topK: number;
}

export const DEFAULT_COMMON: CommonOptions = {
  json: false,
  flip: true,
  match: DEFAULT_MATCH_SETTINGS,
  detectThreshold: DETECT_DEFAULTS.scoreThreshold,
  maxYaw: DEFAULT_POSE_LIMITS.maxYaw,
  maxPitch: DEFAULT_POSE_LIMITS.maxPitch,
  topK: 5,
};

export function analyzeOptions(o: CommonOptions, extra: AnalyzeOptions = {}): AnalyzeOptions {
  return {
    detect: { scoreThreshold: o.detectThreshold, inputSize: 'photo' },
    poseLimits: { ...DEFAULT_POSE_LIMITS, maxYaw: o.maxYaw, maxPitch: o.maxPitch },
    flip: o.flip,
    ...extra,
  };
}

/** For one face known to be in the photo: the largest, embedded whatever its pose, found even if faint. */
export const VERIFY_OPTIONS: AnalyzeOptions = { largestFaceOnly: true, embedFiltered: true, fallbackScoreThreshold: 0.2 };

export type Loaded =
  { readonly ok: true; readonly image: RgbImage; readonly notes: readonly string[] } | { readonly ok: false; readonly error: string };

export async function loadImage(path: string): Promise<Loaded> {
  try {
    const { image, notes } = await readImageFile(path);
    return { ok: true, image, notes };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

export async function analyzeImage(image: RgbImage, options: AnalyzeOptions): Promise<AnalyzedFace[]> {
  const { models } = await loadNodeModels();
  return analyze(models, image, options);
}

const r2 = (v: number): number => Math.round(v * 100) / 100;
const r4 = (v: number): number => Math.round(v * 10000) / 10000;
export const roundSimilarity = r4;

export interface FaceJson {
  box: { x1: number; y1: number; x2: number; y2: number };
  score: number;
  /** Image-left eye, image-right eye, nose tip, image-left mouth corner, image-right mouth corner. */
  landmarks: [number, number][];
  pose: { yaw: number; pitch: number; roll: number };
  poseFilter: { passed: boolean; reason: string | null };
  /**
   * What the recognition floor weighs (core/pipeline/quality.ts RECOGNITION_FLOOR) and its verdict:
   * box width in the photo's pixels, sharpness and brightness of the aligned face, the detector score.
   */
  quality: {
    faceSize: number;
    boxWidth: number;
    sharpness: number;
    brightness: number;
    detectorScore: number;
    recognisable: boolean;
    reason: string | null;
  };
}

export function faceJson(f: AnalyzedFace): FaceJson {
  return {
    box: { x1: r2(f.box.x1), y1: r2(f.box.y1), x2: r2(f.box.x2), y2: r2(f.box.y2) },
    score: r4(f.score),
    landmarks: f.landmarks.map(([x, y]) => [r2(x), r2(y)]),
    pose: { yaw: r2(f.pose.yaw), pitch: r2(f.pose.pitch), roll: r2(f.pose.roll) },
    poseFilter: { passed: f.poseCheck.passed, reason: f.poseCheck.passed ? null : f.poseCheck.reason },
    quality: {
      faceSize: r2(f.quality.faceSize),
      boxWidth: r2(f.quality.boxWidth),
      sharpness: r2(f.quality.sharpness),
      brightness: r2(f.quality.brightness),
      detectorScore: r4(f.quality.detectorScore),
      recognisable: f.recognition.recognisable,
      reason: f.recognition.recognisable ? null : f.recognition.reason,
    },
  };
}

export function formatBox(b: Box): string {
  return `box ${Math.round(b.x1)},${Math.round(b.y1)}–${Math.round(b.x2)},${Math.round(b.y2)} (${Math.round(b.x2 - b.x1)}×${Math.round(b.y2 - b.y1)})`;
}

export function formatPose(p: HeadPose): string {
  return `yaw ${p.yaw.toFixed(0)}° pitch ${p.pitch.toFixed(0)}° roll ${p.roll.toFixed(0)}°`;
}

/** Image files of a folder, sorted, system files (core/names isSystemPath) skipped. */
export function imageFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !isSystemPath(f) && isImageFileName(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

export function subfolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !isSystemPath(f) && statSync(join(dir, f)).isDirectory())
    .sort();
}

export type FileEmbedding =
  | { readonly ok: true; readonly embedding: Float32Array }
  | { readonly ok: false; readonly reason: 'unreadable' | 'no face'; readonly error: string };

/** The embedding of the largest face of a file, every face counted (evaluation ignores the pose filter). */
export async function largestFaceEmbedding(file: string, o: CommonOptions): Promise<FileEmbedding> {
  const loaded = await loadImage(file);
  if (!loaded.ok) return { ok: false, reason: 'unreadable', error: loaded.error };
  const [face] = await analyzeImage(loaded.image, analyzeOptions(o, VERIFY_OPTIONS));
  if (!face?.embedding) return { ok: false, reason: 'no face', error: `${file}: no face found` };
  return { ok: true, embedding: face.embedding };
}
