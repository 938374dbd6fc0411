/** The worker's request presets (src/worker/requests.ts) from the user's settings. */
import type { AnalyzeRequest, GalleryKind, MatchRequest } from '../../worker/api.ts';
import * as presets from '../../worker/requests.ts';
import { matchSettings, poseLimits, type AppSettings } from '../settings/settings.ts';

function requestOptions(settings: AppSettings): presets.RequestOptions {
  return {
    match: matchSettings(settings),
    poseLimits: poseLimits(settings),
    largestFaceOnly: settings.largestFaceOnly,
    flip: settings.flip,
  };
}

export function matchRequest(settings: AppSettings, gallery: GalleryKind, topK = 1, thumbnails = false): MatchRequest {
  return presets.matchRequest(matchSettings(settings), gallery, topK, thumbnails);
}

export function photoRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return presets.photoRequest(requestOptions(settings), extra);
}

export function liveRequest(settings: AppSettings, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return presets.liveRequest(requestOptions(settings), extra);
}
