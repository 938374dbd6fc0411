/**
 * Live webcam identification: the camera (asked for only on Start), frames sent to the worker one at
 * a time, and the latest frame's faces with their labels. Faces are followed between frames and
 * embedded again only when new or every REIDENTIFY_MS.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Box } from '../../core/detect.ts';
import { followBoxes } from '../../core/track.ts';
import type { AnalyzeRequest, FaceResult, ImageAnalysis, MatchResult } from '../../worker/api.ts';
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
  /** An engine error on the latest frame (the loop keeps trying). */
  readonly error: string | null;
  start(): void;
  stop(): void;
}

/** A face identified on an earlier frame, followed from frame to frame by its box. */
interface TrackedFace {
  readonly box: Box;
  readonly match: MatchResult | null;
  readonly identifiedAt: number;
}

/**
 * How long a followed face keeps its identity before it is embedded again. Embedding is the costliest
 * stage; a face that stays in place between frames is the same person, so frames in between only
 * detect (the overlay still moves every frame) and a new or lost face is identified on the next one.
 */
export const REIDENTIFY_MS = 500;

export function useLiveIdentify(api: EngineApi | null, settings: AppSettings): LiveIdentify {
  const camera = useCamera();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [frame, setFrame] = useState<ImageAnalysis | null>(null);
  // No flip augmentation live: it doubles the embedding time for a small gain, and frames keep coming.
  const request = useMemo(() => liveRequest(settings, { flip: false, match: matchRequest(settings, 'people', 1) }), [settings]);
  const tracked = useRef<readonly TrackedFace[]>([]);
  const embedNext = useRef(true);
  const embedAsked = useRef(true);
  const nextRequest = useCallback((): AnalyzeRequest => {
    embedAsked.current = embedNext.current;
    return { ...request, embed: embedNext.current };
  }, [request]);
  // New settings or a new engine: identify everyone again on the next frame (a gallery change shows
  // within REIDENTIFY_MS, when each face is embedded again).
  useEffect(() => {
    embedNext.current = true;
  }, [request, api]);

  const onFrame = useCallback((result: ImageAnalysis) => {
    const now = performance.now();
    let faces: readonly FaceResult[];
    if (embedAsked.current) {
      faces = result.faces;
      tracked.current = faces.map((f) => ({ box: f.box, match: f.match, identifiedAt: now }));
      embedNext.current = false;
    } else {
      const previous = tracked.current;
      const follows = followBoxes(previous.map((t) => t.box), result.faces.map((f) => f.box));
      faces = result.faces.map((f, i) => ({ ...f, match: f.poseCheck.passed ? (previous[follows[i]!]?.match ?? null) : null }));
      tracked.current = result.faces.map((f, i) => {
        const from = previous[follows[i]!];
        return { box: f.box, match: from?.match ?? null, identifiedAt: from?.identifiedAt ?? Number.NEGATIVE_INFINITY };
      });
      // Embed again for a face that is new, not identified yet (it was turned away), or due.
      embedNext.current = faces.some(
        (f, i) => f.poseCheck.passed && (follows[i] === -1 || f.match === null || now - tracked.current[i]!.identifiedAt > REIDENTIFY_MS),
      );
    }
    setFrame({ ...result, faces });
  }, []);

  const on = camera.state.status === 'on';
  const { fps, error } = useFrameLoop(videoRef, api, on, nextRequest, onFrame);

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
  return { camera: camera.state, videoRef, frame: on ? frame : null, labels, fps, error, start, stop };
}
