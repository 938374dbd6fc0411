/**
 * The two kinds of analysis request, so every caller asks for the same thing the same way: a photo
 * (full-size detector input, the pose model on every face) and a video frame (small detector input,
 * the pose model only where the landmark pose is unsure), as MediaPipe has `detect` and `detectForVideo`.
 */
import { DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../core/search/match.ts';
import { DEFAULT_POSE_LIMITS, type PoseLimits } from '../core/pipeline/pose.ts';
import type { AnalyzeRequest, GalleryKind, MatchRequest } from './api.ts';

/** What the user chooses about recognition (the app builds these from its settings). */
export interface RequestOptions {
  readonly match: MatchSettings;
  readonly poseLimits: PoseLimits;
  /** Recognise only the largest face (a gate or clock-in terminal). */
  readonly largestFaceOnly: boolean;
  /** Flip test-time augmentation: steadier embeddings for twice the embedding time. */
  readonly flip: boolean;
}

export const DEFAULT_REQUEST_OPTIONS: RequestOptions = {
  match: DEFAULT_MATCH_SETTINGS,
  poseLimits: DEFAULT_POSE_LIMITS,
  largestFaceOnly: false,
  flip: true,
};

/**
 * Live video uses a small detector input (320×240 for a 640×480 webcam): a face at webcam distance is
 * large in the frame, and the detector's time grows with its input's pixels.
 */
export const LIVE_DETECT_MAX_SIDE = 320;

export function matchRequest(settings: MatchSettings, gallery: GalleryKind, topK = 1, thumbnails = false): MatchRequest {
  return { gallery, settings, topK, thumbnails };
}

export function photoRequest(options: RequestOptions, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    detect: 'photo',
    poseLimits: options.poseLimits,
    largestFaceOnly: options.largestFaceOnly,
    poseModel: 'near-limits',
    flip: options.flip,
    embed: true,
    thumbnails: false,
    match: null,
    ...extra,
  };
}

/** Video frames: the small detector input. */
export function liveRequest(options: RequestOptions, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return photoRequest(options, { detect: { maxSide: LIVE_DETECT_MAX_SIDE }, ...extra });
}
