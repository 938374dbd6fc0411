/**
 * Live webcam identification: the camera (asked for only on Start), frames sent to the worker as they
 * come (useFrameLoop), and the latest frame's faces with their labels. Which frames are embedded and which match
 * each face shows is decided by core/liveIdentity.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { LiveIdentity } from '../../core/live/liveIdentity.ts';
import type { AnalyzeRequest, ImageAnalysis, MatchResult } from '../../worker/api.ts';
import { useCamera, useVideoStream, type CameraState } from '../components/useCamera.ts';
import { useFrameLoop } from '../components/useFrameLoop.ts';
import type { EngineApi } from '../engine/EngineContext.tsx';
import { liveRequest, matchRequest } from '../engine/requests.ts';
import type { AppSettings } from '../settings/settings.ts';
import { faceLabel, type FaceLabel } from './faceLabel.ts';

export interface LiveIdentify {
  readonly camera: CameraState;
  readonly videoRef: RefObject<HTMLVideoElement | null>;
  /** The latest analysed frame (null before the first one, and after Stop). */
  readonly frame: ImageAnalysis | null;
  readonly labels: readonly FaceLabel[];
  readonly fps: number;
  /** From the camera's capture of a frame to its faces on the page, ms (0 until measured). */
  readonly latencyMs: number;
  /** An engine error on the latest frame (the loop keeps trying). */
  readonly error: string | null;
  start(): void;
  stop(): void;
}

export function useLiveIdentify(api: EngineApi | null, settings: AppSettings): LiveIdentify {
  const camera = useCamera();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [frame, setFrame] = useState<ImageAnalysis | null>(null);
  // No flip augmentation live: it doubles the embedding time for a small gain, and frames keep coming.
  const request = useMemo(() => liveRequest(settings, { flip: false, match: matchRequest(settings, 'people', 1) }), [settings]);
  const identity = useRef(new LiveIdentity<MatchResult>());
  const nextRequest = useCallback((): AnalyzeRequest => ({ ...request, embed: identity.current.nextFrameEmbeds() }), [request]);
  // New settings or a new engine: identify everyone again on the next frame (a gallery change shows
  // within REIDENTIFY_MS, when each face is embedded again).
  useEffect(() => {
    identity.current.reidentify();
  }, [request, api]);

  const onFrame = useCallback((result: ImageAnalysis, sent: AnalyzeRequest) => {
    setFrame({ ...result, faces: identity.current.frame(result.faces, performance.now(), sent.embed) });
  }, []);

  const on = camera.state.status === 'on';
  const { fps, latencyMs, error } = useFrameLoop(videoRef, api, on, nextRequest, onFrame);

  useVideoStream(videoRef, camera.state.status === 'on' ? camera.state.stream : null);

  const { start: startCamera, stop: stopCamera } = camera;
  const start = useCallback(() => {
    setFrame(null);
    startCamera();
  }, [startCamera]);
  const stop = useCallback(() => {
    stopCamera();
    setFrame(null);
  }, [stopCamera]);

  const labels = useMemo(() => (on && frame ? frame.faces.map((f) => faceLabel(f)) : []), [on, frame]);
  return { camera: camera.state, videoRef, frame: on ? frame : null, labels, fps, latencyMs, error, start, stop };
}
