/** Builds worker requests from the user's settings, so every screen asks for the same thing the same way. */
import type { AnalyzeRequest, GalleryKind, MatchRequest } from '../../worker/api.ts';
import { matchSettings, poseLimits, type AppSettings } from '../settings/settings.ts';

/** Live video uses a small detector input: a face at webcam distance is large in the frame. */
export const LIVE_DETECT_MAX_SIDE = 480;

export function matchRequest(settings: AppSettings, gallery: GalleryKind, topK = 1, thumbnails = false): MatchRequest {
  return { gallery, settings: matchSettings(settings), topK, thumbnails };
}

export function photoRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    detect: 'photo',
    poseLimits: poseLimits(settings),
    largestFaceOnly: settings.largestFaceOnly,
    flip: settings.flip,
    embed: true,
    thumbnails: false,
    match: null,
    ...extra,
  };
}

export function liveRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return photoRequest(settings, { detect: { maxSide: LIVE_DETECT_MAX_SIDE }, ...extra });
}
