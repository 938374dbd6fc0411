/** Builds worker requests from the user's settings, so every screen asks for the same thing the same way. */
import type { AnalyzeRequest, GalleryKind, MatchRequest } from '../../worker/api.ts';
import { matchSettings, poseLimits, type AppSettings } from '../settings/settings.ts';

/**
 * Live video uses a small detector input (320×240 for a 640×480 webcam): a face at webcam distance is
 * large in the frame, and the detector's time grows with its input's pixels.
 */
export const LIVE_DETECT_MAX_SIDE = 320;

export function matchRequest(settings: AppSettings, gallery: GalleryKind, topK = 1, thumbnails = false): MatchRequest {
  return { gallery, settings: matchSettings(settings), topK, thumbnails };
}

export function photoRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    detect: 'photo',
    poseLimits: poseLimits(settings),
    largestFaceOnly: settings.largestFaceOnly,
    poseModel: 'always',
    flip: settings.flip,
    embed: true,
    thumbnails: false,
    match: null,
    ...extra,
  };
}

/** Video frames: the small detector input, and the pose model only where the landmark pose is unsure. */
export function liveRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return photoRequest(settings, { detect: { maxSide: LIVE_DETECT_MAX_SIDE }, poseModel: 'near-limits', ...extra });
}
